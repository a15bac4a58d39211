using Mediator;
using O2O.Application.Catalog;
using O2O.Application.Common;
using O2O.Infrastructure.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace O2O.Web.Infrastructure;

public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(ListProducts)];
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Path
                                            ?? ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        // Razor still escapes <, >, & and quotes; this only stops it from turning "é" or "–" into entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Staff", Policies.StaffPage);
            o.Conventions.AuthorizeFolder("/Admin", Policies.AdminPage);
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
        });
        services.AddO2OAuthorization();
        services.AddScoped<IdempotencyStore>();

        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "O2O click-and-collect API";
            doc.Info.Version = "v1";
            doc.Info.Description = "Catalog, stores, pickup slots and orders. Money is {amount (minor units), currency}.";
            return Task.CompletedTask;
        }));

        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, tags: ["ready"]);

        return services;
    }
}
