using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testcontainers.PostgreSql;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the test run, chosen in this order: O2O_TEST_DATABASE (a connection string),
/// a Testcontainers container when a Docker engine answers, else a throwaway cluster from the machine's
/// PostgreSQL binaries. If none is available the run fails and says what to install.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;
    private readonly LocalCluster? _local;

    private PostgresServer(string connectionString, string description, Func<ValueTask> stop, LocalCluster? local = null)
    {
        ConnectionString = connectionString;
        Description = description;
        _stop = stop;
        _local = local;
    }

    /// <summary>What the fault tests need to stop and start the server again on the same data and port.</summary>
    private sealed record LocalCluster(bool AsRoot, string Bin, string Data, string Root, int Port);

    public string ConnectionString { get; }
    public string Description { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("O2O_TEST_DATABASE");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return new PostgresServer(fromEnvironment, "O2O_TEST_DATABASE", () => ValueTask.CompletedTask);

        var container = await TryStartContainerAsync();
        if (container is not null)
            return new PostgresServer(container.GetConnectionString(), "Testcontainers", () => container.DisposeAsync());

        var binaries = FindBinaries();
        if (binaries is null)
            throw new InvalidOperationException(
                "No PostgreSQL for the integration tests. Set O2O_TEST_DATABASE to a connection string, start a Docker engine, " +
                "or install the PostgreSQL server binaries (Debian/Ubuntu: apt-get install postgresql).");
        return await StartLocalClusterAsync(binaries);
    }

    /// <summary>Always a throwaway cluster of the machine's own binaries: one that <see cref="StopAsync"/> can stop.</summary>
    public static Task<PostgresServer> StartLocalAsync() =>
        StartLocalClusterAsync(FindBinaries() ?? throw new InvalidOperationException(
            "The fault tests need the PostgreSQL server binaries (Debian/Ubuntu: apt-get install postgresql) or O2O_PG_BIN."));

    /// <summary>Stops the local cluster at once, as an outage would: every connection is cut.</summary>
    public Task StopAsync() => RunPgAsync(Local.AsRoot, Path.Combine(Local.Bin, "pg_ctl"), ["-D", Local.Data, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the stopped local cluster again, on the same data and port.</summary>
    public Task StartAgainAsync() => PgCtlStartAsync(Local);

    private LocalCluster Local => _local ?? throw new InvalidOperationException($"Only a local cluster can be stopped and started, not {Description}.");

    public ValueTask DisposeAsync() => _stop();

    private static async Task<PostgreSqlContainer?> TryStartContainerAsync()
    {
        if (!File.Exists("/var/run/docker.sock") && Environment.GetEnvironmentVariable("DOCKER_HOST") is null) return null;
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return container;
        }
        catch (Exception ex) when (ex.GetType().Name.Contains("DockerUnavailable", StringComparison.Ordinal)
                                   || ex is HttpRequestException or IOException or TimeoutException)
        {
            return null;
        }
    }

    private static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("O2O_PG_BIN");
        if (!string.IsNullOrEmpty(configured)) return configured;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task<PostgresServer> StartLocalClusterAsync(string bin)
    {
        var asRoot = Environment.UserName == "root";
        // The postgres user must be able to reach and write the folder, so it is not a 0700 temp dir of root's.
        var root = Path.Combine("/tmp", $"o2o-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var data = Path.Combine(root, "data");
        if (asRoot) await RunAsync("chown", ["postgres:", root]);

        var port = FreePort();
        await RunPgAsync(asRoot, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N"]);
        var local = new LocalCluster(asRoot, bin, data, root, port);
        await PgCtlStartAsync(local);

        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=250;Include Error Detail=true";
        return new PostgresServer(connectionString, $"local cluster ({bin}, port {port})", async () =>
        {
            // Already stopped (a fault test that failed between stop and start) is fine: the folder goes either way.
            try { await RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]); }
            catch (InvalidOperationException) { }
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }, local);
    }

    private static Task PgCtlStartAsync(LocalCluster c) => RunPgAsync(c.AsRoot, Path.Combine(c.Bin, "pg_ctl"),
    [
        "-D", c.Data, "-l", Path.Combine(c.Root, "server.log"), "-w", "-o",
        $"-c listen_addresses=127.0.0.1 -p {c.Port} -k {c.Root} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        "start",
    ]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPgAsync(bool asRoot, string file, string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}
