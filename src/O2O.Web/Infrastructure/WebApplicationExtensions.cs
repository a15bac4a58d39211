using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using O2O.Infrastructure.Data;
using O2O.Infrastructure.Data.Seed;
using Scalar.AspNetCore;
using O2O.Infrastructure.Payments;
using Serilog;

namespace O2O.Web.Infrastructure;

public static class WebApplicationExtensions
{
    public static async Task MigrateDatabaseAsync(this WebApplication app, bool seed)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Create the history table first: otherwise EF probes for it on an empty database and logs that probe
        // as an error, which is the first thing a newcomer would see.
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
        await db.Database.MigrateAsync();
        // The key ring's first key, made here rather than by the first request: instances started together on a fresh
        // database would each make one, and until their rings refresh each would refuse the others' cookies.
        app.Services.GetDataProtector("O2O.KeyRing").Protect("first key");
        var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
        if (seed) await seeder.SeedAsync();
        else await seeder.SeedRolesAsync();
    }

    public static async Task<int> CheckInvariantsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new O2O.Application.Diagnostics.CheckInvariants());
        Console.WriteLine($"Checked {report.StockRowsChecked} stock rows and {report.SlotsChecked} slots: {(report.Ok ? "all invariants hold" : $"{report.Violations.Count} disagreements")}");
        foreach (var v in report.Violations)
            Console.WriteLine($"  {v.Kind} store={v.StoreId} key={v.Key} recorded={v.Recorded} expected={v.Expected}");
        return report.Ok ? 0 : 1;
    }

    /// <summary>Development applies migrations and seeds on start; elsewhere the `migrate` command does.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateOnStartup) await app.MigrateDatabaseAsync(options.SeedDemoData);
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        // First, so everything after it (the rate limits above all) sees the client's address, not the load balancer's.
        app.UseForwardedHeaders();
        // Outside the exception handler, so each request is logged once with the status the client really got: a
        // malformed body the handler turns into a 400 is not an error-level "responded 500".
        app.UseSerilogRequestLogging(o => o.GetLevel = Observability.RequestLogLevel);
        // Before anything of a page's (errors, headers, sign-in): a scrape on the metrics port only (ADR 57).
        app.UseO2OMetrics();
        // The API answers problem+json; pages show a friendly HTML page for the same statuses.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = ProblemExceptionHandler.StatusFor,
        });
        app.UseWhen(c => IsApi(c), api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        // After authentication (the account's language is one of the choices), before anything renders or is cached.
        app.UseO2OLocalization();
        app.UseAuthorization();
        // After authentication, so a signed-in caller is counted by account as well as by address.
        app.UseRateLimiter();
        // After authentication, so the catalog policy sees who is signed in; after the security headers, which a
        // response served from the cache therefore gets too.
        app.UseOutputCache();

        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("O2O API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            // Its default fonts come from Scalar's CDN; the app loads nothing from another host (the system fonts do).
            .DisableDefaultFonts());
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        // Pages and answers are personal (order pages carry the pickup code and the token in their URL, every page the
        // signed-in name): nothing an endpoint answers is stored by a browser or proxy unless the endpoint says so,
        // as the product images do. Static files answer before routing, so they have no endpoint and keep their caching.
        context.Response.OnStarting(() =>
        {
            if (context.GetEndpoint() is not null && !context.Response.Headers.ContainsKey("Cache-Control"))
                context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        // The API reference page runs its own bundled script and styles; everything else runs no inline script.
        if (!context.Request.Path.StartsWithSegments("/api/docs"))
            headers.ContentSecurityPolicy = context.RequestServices.GetRequiredService<IOptions<StripeOptions>>().Value.IsConfigured
                // Stripe.js must come from Stripe's own host; it is the one script from elsewhere.
                ? "default-src 'self'; img-src 'self' data: https://*.stripe.com; style-src 'self'; script-src 'self' https://js.stripe.com; " +
                  "frame-src https://js.stripe.com https://hooks.stripe.com; connect-src 'self' https://api.stripe.com; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
                : "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
        await next();
    });
}
