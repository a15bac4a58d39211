using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace O2O.Bench;

/// <summary>
/// The scale path's two proxies for a bench run, from Debian's packages (ADR 60): PgBouncer in transaction mode
/// in front of the bench database (<c>--pgbouncer</c>) and nginx round robin in front of the instances (<c>--instances 2</c>
/// or more). Each is our own process with our own configuration in a folder under /tmp, bound to 127.0.0.1, in the
/// foreground, and is stopped by its process id; never the system service.
/// </summary>
public sealed class Proxy : IAsyncDisposable
{
    public const string PgBouncerBinary = "/usr/sbin/pgbouncer";
    public const string NginxBinary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _root;

    private Proxy(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    private static bool AsRoot => Environment.UserName == "root";

    /// <summary>PgBouncer for the database of <paramref name="db"/>; returns it and the app's connection string through it.</summary>
    public static async Task<(Proxy Proxy, string AppConnectionString)> PgBouncerAsync(string db, int port, int serverConnections)
    {
        var direct = new NpgsqlConnectionStringBuilder(db);
        var root = Folder("o2o-bench-pgbouncer");
        var user = direct.Username ?? "postgres";
        await File.WriteAllTextAsync(Path.Combine(root, "userlist.txt"), $"\"{user}\" \"{direct.Password ?? ""}\"\n");
        var ini = Path.Combine(root, "pgbouncer.ini");
        await File.WriteAllTextAsync(ini, $"""
            [databases]
            * = host={direct.Host} port={direct.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {root}/userlist.txt
            pool_mode = transaction
            max_client_conn = 4000
            default_pool_size = {serverConnections}
            max_db_connections = {serverConnections}
            logfile = {root}/pgbouncer.log
            {(AsRoot ? "user = postgres" : "")}
            """);
        if (AsRoot) await RunAsync("chown", ["-R", "postgres:", root]);
        var proxy = new Proxy(Start(PgBouncerBinary, [ini]), root, port);
        await proxy.WaitAsync(Path.Combine(root, "pgbouncer.log"));
        // Transaction pooling: PgBouncer 1.18 keeps no prepared statement from one transaction to the next.
        var app = new NpgsqlConnectionStringBuilder(db) { Host = "127.0.0.1", Port = port, MaxAutoPrepare = 0 };
        return (proxy, app.ConnectionString);
    }

    /// <summary>nginx with one server per group of upstreams, on consecutive ports from <paramref name="port"/>.</summary>
    public static async Task<Proxy> NginxAsync(int port, params IReadOnlyList<string>[] upstreamGroups)
    {
        var root = Folder("o2o-bench-nginx");
        var servers = upstreamGroups.Select((group, i) => $$"""
                upstream group{{i}} {
                    {{string.Join(" ", group.Select(u => $"server {new Uri(u).Authority};"))}}
                    keepalive 256;
                }
                server {
                    listen 127.0.0.1:{{port + i}};
                    location / {
                        proxy_pass http://group{{i}};
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_buffering off;
                    }
                }
            """);
        var conf = Path.Combine(root, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 8192; }
            http {
                access_log off;
                client_body_temp_path {{root}}/client_body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
            {{string.Join("\n", servers)}}
            }
            """);
        var proxy = new Proxy(Start(NginxBinary, ["-p", root, "-c", conf, "-g", "daemon off; master_process on;"]), root, port);
        await proxy.WaitAsync(Path.Combine(root, "error.log"));
        return proxy;
    }

    public int Pid => _process.Id;

    private async Task WaitAsync(string log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited ({_process.ExitCode}): {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        await DisposeAsync();
        throw new TimeoutException($"{_process.StartInfo.FileName} did not listen on 127.0.0.1:{Port}; see {log}.");
    }

    private static Process Start(string file, IEnumerable<string> args)
    {
        if (!File.Exists(file)) throw new InvalidOperationException($"{file} is not installed (apt-get install pgbouncer nginx).");
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/tmp" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Under /tmp, readable by the postgres user PgBouncer drops to when started as root.</summary>
    private static string Folder(string prefix)
    {
        var root = Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                       UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return root;
    }

    private static async Task RunAsync(string file, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false }) ?? throw new InvalidOperationException($"Could not start {file}.");
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}).");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port} (pid {Pid})");
}
