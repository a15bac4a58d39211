using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>
/// The scale path on real components, on this machine: a throwaway PostgreSQL primary, a streaming replica of it made
/// with <c>pg_basebackup -R</c> (a second cluster on its own port), and Debian's PgBouncer in transaction pooling mode
/// in front of the primary. Every process runs as the postgres user on 127.0.0.1 from its own folder under /tmp and is
/// ended by its own process id.
/// </summary>
public sealed class ScaleCluster : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly List<Func<Task>> _stop = [];

    static ScaleCluster()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Running.Values)
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        };
    }

    private ScaleCluster() { }

    public PostgresServer Primary { get; private set; } = null!;
    public int PrimaryPort { get; private set; }
    public int ReplicaPort { get; private set; }
    public int PgBouncerPort { get; private set; }

    /// <summary>The binaries the scale tests need, or why they can't run: only a machine without them skips.</summary>
    public static string? Missing()
    {
        var missing = new[] { PgBouncerBinary, NginxBinary }.Where(b => !File.Exists(b)).ToList();
        if (PgBin() is null) missing.Add("PostgreSQL server binaries (/usr/lib/postgresql/*/bin)");
        return missing.Count == 0 ? null : $"Not installed: {string.Join(", ", missing)} (apt-get install pgbouncer nginx postgresql).";
    }

    public const string PgBouncerBinary = "/usr/sbin/pgbouncer";
    public const string NginxBinary = "/usr/sbin/nginx";

    private static bool AsRoot => Environment.UserName == "root";

    public static async Task<ScaleCluster> StartAsync()
    {
        var cluster = new ScaleCluster();
        try
        {
            await cluster.StartPrimaryAndReplicaAsync();
            await cluster.StartPgBouncerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string straight to the primary, for a database on it.</summary>
    public string PrimaryFor(string database) => $"Host=127.0.0.1;Port={PrimaryPort};Username=postgres;Database={database};Include Error Detail=true";

    public string ReplicaFor(string database) =>
        $"Host=127.0.0.1;Port={ReplicaPort};Username=postgres;Database={database};Maximum Pool Size=50;Include Error Detail=true";

    /// <summary>Through PgBouncer in transaction mode: no prepared statements kept across transactions (1.18), as the README says.</summary>
    public string PgBouncerFor(string database) =>
        $"Host=127.0.0.1;Port={PgBouncerPort};Username=postgres;Database={database};Max Auto Prepare=0;Maximum Pool Size=250;Include Error Detail=true";

    private async Task StartPrimaryAndReplicaAsync()
    {
        // The tests' local cluster: initdb's defaults already stream WAL (wal_level replica, 10 WAL senders) and trust
        // replication connections from 127.0.0.1.
        Primary = await PostgresServer.StartLocalAsync();
        _stop.Add(async () => await Primary.DisposeAsync());
        PrimaryPort = new NpgsqlConnectionStringBuilder(Primary.ConnectionString).Port;

        var bin = PgBin()!;
        var root = OwnedFolder("o2o-test-replica");
        _stop.Add(() => Task.Run(() => DeleteFolder(root)));
        var data = Path.Combine(root, "data");
        await RunAsync(Path.Combine(bin, "pg_basebackup"), ["-h", "127.0.0.1", "-p", PrimaryPort.ToString(), "-U", "postgres",
            "-D", data, "-R", "-X", "stream", "-c", "fast"]);
        ReplicaPort = FreePort();
        // Its own options, as the primary's come on its command line: the replica needs at least as many connections.
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -p {ReplicaPort} -k {root} -c max_connections=300 -c fsync=off -c hot_standby=on", "start"]);
        _stop.Insert(0, async () =>
        {
            try { await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]); }
            catch (InvalidOperationException) { }
        });
    }

    private async Task StartPgBouncerAsync()
    {
        var root = OwnedFolder("o2o-test-pgbouncer");
        _stop.Add(() => Task.Run(() => DeleteFolder(root)));
        PgBouncerPort = FreePort();
        var ini = Path.Combine(root, "pgbouncer.ini");
        await File.WriteAllTextAsync(Path.Combine(root, "userlist.txt"), "\"postgres\" \"\"\n");
        await File.WriteAllTextAsync(ini, $"""
            [databases]
            * = host=127.0.0.1 port={PrimaryPort}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {PgBouncerPort}
            unix_socket_dir =
            auth_type = trust
            auth_file = {root}/userlist.txt
            pool_mode = transaction
            max_client_conn = 2000
            default_pool_size = 20
            max_db_connections = 40
            logfile = {root}/pgbouncer.log
            admin_users = postgres
            {(AsRoot ? "user = postgres" : "")}
            """);
        if (AsRoot) await RunAsync("chown", ["-R", "postgres:", root], asPostgres: false);
        // In the foreground, so the process is ours: PgBouncer drops root for the postgres user itself.
        var process = Start(PgBouncerBinary, [ini]);
        _stop.Insert(0, () => StopAsync(process));
        await WaitForPortAsync(PgBouncerPort, process, Path.Combine(root, "pgbouncer.log"));
    }

    /// <summary>How many transactions PgBouncer carried to a database, from its admin console's SHOW STATS.</summary>
    public async Task<long> PgBouncerTransactionsAsync(string database)
    {
        // psql, because the admin console speaks only the simple query protocol.
        var csv = await RunAsync(Path.Combine(PgBin()!, "psql"), ["-h", "127.0.0.1", "-p", PgBouncerPort.ToString(), "-U", "postgres",
            "--csv", "-c", "SHOW STATS", "pgbouncer"]);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var (db, xacts) = (Array.IndexOf(header, "database"), Array.IndexOf(header, "total_xact_count"));
        return lines.Skip(1).Select(l => l.Split(',')).Where(c => c[db] == database)
            .Sum(c => long.Parse(c[xacts], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until the replica has replayed everything the primary has written so far.</summary>
    public async Task WaitForReplicaAsync()
    {
        await using var primary = new NpgsqlConnection(PrimaryFor("postgres"));
        await primary.OpenAsync();
        var lsn = (NpgsqlTypes.NpgsqlLogSequenceNumber)(await new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", primary).ExecuteScalarAsync())!;
        await using var replica = new NpgsqlConnection(ReplicaFor("postgres"));
        await replica.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var replayed = (NpgsqlTypes.NpgsqlLogSequenceNumber)(await new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", replica).ExecuteScalarAsync())!;
            if (replayed >= lsn) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The replica replayed {replayed}, not {lsn}, within 60 s.");
            await Task.Delay(10);
        }
    }

    /// <summary>Stops applying WAL on the replica (it keeps receiving it), as a replica falling behind would.</summary>
    public async Task PauseReplayAsync()
    {
        await using var replica = new NpgsqlConnection(ReplicaFor("postgres"));
        await replica.OpenAsync();
        await new NpgsqlCommand("SELECT pg_wal_replay_pause()", replica).ExecuteNonQueryAsync();
    }

    public async Task ResumeReplayAsync()
    {
        await using var replica = new NpgsqlConnection(ReplicaFor("postgres"));
        await replica.OpenAsync();
        await new NpgsqlCommand("SELECT pg_wal_replay_resume()", replica).ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stop in _stop)
            try { await stop(); } catch (Exception ex) when (ex is InvalidOperationException or IOException) { }
    }

    internal static Process Start(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/tmp" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running[process.Id] = process;
        return process;
    }

    internal static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        Running.TryRemove(process.Id, out _);
        process.Dispose();
    }

    internal static async Task WaitForPortAsync(int port, Process process, string log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within 30 s: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
    }

    /// <summary>A folder under /tmp the postgres user owns (a 0700 temp folder of root's is out of its reach).</summary>
    internal static string OwnedFolder(string prefix)
    {
        var root = Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (AsRoot) RunAsync("chown", ["postgres:", root], asPostgres: false).GetAwaiter().GetResult();
        return root;
    }

    private static void DeleteFolder(string root)
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? PgBin()
    {
        var configured = Environment.GetEnvironmentVariable("O2O_PG_BIN");
        if (!string.IsNullOrEmpty(configured)) return configured;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_basebackup")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task<string> RunAsync(string file, string[] args, bool asPostgres = true)
    {
        var (exe, all) = asPostgres && AsRoot ? ("runuser", (string[])["-u", "postgres", "--", file, .. args]) : (file, args);
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in all) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return await stdout;
    }
}
