using System.Diagnostics;

namespace O2O.Bench;

/// <summary>
/// Starts a built web app (O2O.Web.dll or the hello world) on 127.0.0.1, waits for it to answer, and stops it by
/// its own process id. Its console output goes to a log file in the output folder.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppHost(Process process, StreamWriter log, string baseUrl)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Pid => _process.Id;

    private static bool InUse(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try { return client.ConnectAsync(System.Net.IPAddress.Loopback, port).Wait(TimeSpan.FromMilliseconds(500)) && client.Connected; }
        catch (AggregateException) { return false; } // refused: free
    }

    public static async Task<AppHost> StartAsync(string dll, int port, IReadOnlyDictionary<string, string> env, string logPath,
        string readyPath, params string[] extraArgs)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        // Another bench still running would answer on the port, and this run would measure it until it stopped.
        if (InUse(port))
            throw new InvalidOperationException($"Port {port} is already in use (another bench still running?); pass --base-port or stop it.");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseUrl);
        foreach (var a in extraArgs) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new AppHost(process, log, baseUrl);

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            try
            {
                using var r = await probe.GetAsync(baseUrl + readyPath);
                if (r.IsSuccessStatusCode) return host;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        await host.DisposeAsync();
        throw new InvalidOperationException($"{Path.GetFileName(dll)} did not become ready on {baseUrl}; see {logPath}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    /// <summary>Runs the web dll once with a command (migrate, check-invariants) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string dll, string command, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(command);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, (await stdout + await stderr).Trim());
    }
}
