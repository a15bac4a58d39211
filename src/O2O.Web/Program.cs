using O2O.Application;
using O2O.Infrastructure;
using O2O.Web.Api;
using O2O.Web.Infrastructure;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// ReadFrom.Services: sinks registered as services (a test's collector, say) receive the events too.
builder.Host.UseSerilog((context, services, logger) => logger.ReadFrom.Configuration(context.Configuration).ReadFrom.Services(services));
builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddWeb(builder.Configuration);

var app = builder.Build();

if (args.Contains("migrate"))
{
    // The explicit, production way to apply the schema: `dotnet O2O.Web.dll migrate`, against the primary directly
    // (never through PgBouncer). With Database:SeedDemoData it also loads the demo data (docker-compose.yml does).
    await app.MigrateDatabaseAsync(seed: app.Configuration.GetValue<bool>("Database:SeedDemoData"));
    return;
}

if (args.Contains("check-invariants"))
{
    // Prints every row where reserved stock or booked slot places disagree with the live orders.
    Environment.ExitCode = await app.CheckInvariantsAsync();
    return;
}

await app.PrepareDatabaseAsync();

app.UseWebPipeline();
app.MapApi();
app.MapImageEndpoints();
app.MapSiteEndpoints();
app.MapRazorPages();

app.Run();

public partial class Program;
