using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace O2O.IntegrationTests.Faults;

/// <summary>
/// One real app instance: the web project's Release build run with <c>dotnet</c> as a child process on its own
/// 127.0.0.1 port. It is ended by its PID only (SIGKILL, or SIGTERM through kill(2)), and every instance still running when the test
/// process exits is killed, so a failed test leaves nothing behind.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    static AppProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
                try { process.Kill(); } catch (InvalidOperationException) { }
        };
    }

    private AppProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Name { get; }
    public int Port { get; }
    public string Url { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>The web project's build of the same configuration as these tests (bin/Release/net10.0 under src/O2O.Web).</summary>
    public static string WebDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testBin.Name, testBin.Parent!.Name);
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "O2O.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No O2O.sln above {AppContext.BaseDirectory}.");
        var dll = Path.Combine(root.FullName, "src", "O2O.Web", "bin", configuration, framework, "O2O.Web.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution ({configuration}) first.");
    }

    /// <summary>Starts an instance with these settings (configuration keys, e.g. "Jobs:IntervalSeconds") and waits until it serves.</summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var dll = WebDll();
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Nothing of the test host's own ASP.NET or database settings may leak into the child.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("O2O_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet.");
        Running[process.Id] = process;
        var app = new AppProcess(name, process, port);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (args.Length > 0) return app; // a command (migrate, check-invariants): the caller waits for its exit
        await app.WaitUntilServingAsync();
        return app;
    }

    /// <summary>Runs a command of the app (e.g. migrate) to its end and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Log)> RunCommandAsync(IReadOnlyDictionary<string, string> settings, string command)
    {
        await using var app = await StartAsync(command, settings, command);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app._process.WaitForExitAsync(timeout.Token);
        return (app.ExitCode, app.Log);
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before serving:\n{Log}");
            try
            {
                if ((await http.GetAsync($"{Url}/health/live")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} did not serve within 90 s:\n{Log}");
    }

    /// <summary>SIGKILL: the process dies on the spot, whatever it was doing.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stopping the instance sends it; the app is expected to shut down gracefully.</summary>
    public Task TerminateAsync()
    {
        if (_process.HasExited) return Task.CompletedTask;
        // libc's kill(2) rather than the kill program, which a slim machine may not have (procps).
        if (Kill(Pid, SigTerm) != 0) throw new InvalidOperationException($"kill({Pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        return Task.CompletedTask;
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Waits for the process to end by itself; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = new Uri(Url),
        Timeout = TimeSpan.FromSeconds(100),
    };

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
