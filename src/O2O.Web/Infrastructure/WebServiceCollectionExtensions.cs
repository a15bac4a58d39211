using Mediator;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using O2O.Application.Catalog;
using O2O.Application.Common;
using O2O.Infrastructure.Data;
using O2O.Web.Api;
using O2O.Web.Storefront;
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
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(CatalogCacheEviction<,>)];
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Path
                                            ?? ctx.HttpContext.Request.Path;
            // The W3C trace id, which the log lines and the exported trace carry too, so a caller's error leads to both.
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? ctx.HttpContext.TraceIdentifier;
            ProblemLanguage.Localize(ctx);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // A body or parameter that cannot be bound reaches ProblemExceptionHandler, which names the field in the
        // caller's terms, instead of an empty 400 (or, in Development, one naming our types).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        // Razor still escapes <, >, & and quotes; this only stops it from turning "é" or "–" into entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Staff", Policies.StaffPage);
            o.Conventions.AuthorizeFolder("/Admin", Policies.AdminPage);
        });
        services.AddO2OCookies();
        services.AddO2OLocalization();
        services.AddSingleton<CookieTempDataProvider>();
        services.AddSingleton<ITempDataProvider, QuietTempDataProvider>();
        services.AddScoped<IdentityErrorDescriber, AccountErrorDescriber>(); // after AddInfrastructure's, so it wins
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
        });
        services.AddO2OAuthorization();
        services.AddCatalogCache(configuration);
        services.AddScoped<IdempotencyStore>();
        services.AddO2ORateLimits(configuration);
        services.AddPromoAttempts(configuration);
        services.AddTrustedProxies(configuration);
        services.AddO2OObservability(configuration);

        services.AddOpenApi(o => o.AddSecurityDeclarations().AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "O2O click-and-collect API";
            doc.Info.Version = "v1";
            doc.Info.Description = "Catalog, stores, pickup slots and orders. Money is {amount (minor units), currency}.";
            ApiTags.Describe(doc);
            return Task.CompletedTask;
        }));

        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, tags: ["ready"]);

        return services;
    }

    private static void AddCatalogCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogCacheOptions>().Bind(configuration.GetSection(CatalogCacheOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOutputCache();
        // The cookies that make a page one visitor's own, by the names their handlers are configured with.
        services.AddOptions<OutputCacheOptions>()
            .Configure<IOptionsMonitor<CatalogCacheOptions>, IOptionsMonitor<CookieAuthenticationOptions>, IOptions<CookieTempDataProviderOptions>>(
                (o, catalog, cookies, tempData) =>
                {
                    o.SizeLimit = catalog.CurrentValue.SizeLimitMegabytes * 1024L * 1024;
                    o.AddPolicy(CatalogCachePolicy.Name, new CatalogCachePolicy(catalog,
                    [
                        cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name!,
                        tempData.Value.Cookie.Name!,
                        CartCookie.Name,
                    ]));
                });
    }
}
