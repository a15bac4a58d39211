using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Staff;
using O2O.Infrastructure.Data;

namespace O2O.Infrastructure.Live;

public static class LiveBoardRegistration
{
    /// <summary>Behind PgBouncer in transaction mode LISTEN does not work: this connection string, if set, goes straight to PostgreSQL.</summary>
    public const string ListenConnectionStringName = "O2OListen";

    public static IServiceCollection AddLiveBoard(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddOptions<LiveBoardOptions>().Bind(configuration.GetSection(LiveBoardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var listen = configuration.GetConnectionString(ListenConnectionStringName) is { Length: > 0 } direct ? direct : connectionString;
        services.AddSingleton(sp => new BoardListener(
            DependencyInjection.NamedDataSource(DataSourceNames.Listen, BoardListener.ListenerConnectionString(listen)), sp.GetRequiredService<BoardFeed>(),
            sp.GetRequiredService<IOptions<LiveBoardOptions>>(), sp.GetRequiredService<ILogger<BoardListener>>()));
        services.AddHostedService(sp => sp.GetRequiredService<BoardListener>());
        return services;
    }
}
