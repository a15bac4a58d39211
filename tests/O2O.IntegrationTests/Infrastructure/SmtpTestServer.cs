using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server for the tests: Debian's python3-aiosmtpd, storing what it receives in a Maildir.
/// Can be stopped and started again on the same port to test retries.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _maildir = Path.Combine(Path.GetTempPath(), $"o2o-smtp-{Guid.NewGuid():N}");
    private Process? _process;

    public int Port { get; } = FreePort();

    public static void EnsureAvailable()
    {
        var check = Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true });
        check!.WaitForExit();
        if (check.ExitCode != 0)
            throw new InvalidOperationException("The SMTP tests need Debian's aiosmtpd: apt-get install python3-aiosmtpd");
    }

    public async Task StartAsync()
    {
        EnsureAvailable();
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(_maildir, sub));
        var psi = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", _maildir }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited) throw new InvalidOperationException($"aiosmtpd exited: {await _process.StandardError.ReadToEndAsync()}");
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("aiosmtpd did not start listening.");
    }

    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public IReadOnlyList<MimeMessage> Received()
    {
        var dir = Path.Combine(_maildir, "new");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Select(f => MimeMessage.Load(f)).ToList() : [];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_maildir, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
