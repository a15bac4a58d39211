using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace O2O.IntegrationTests.Security;

/// <summary>
/// A listener that speaks just enough of the PostgreSQL protocol to refuse every connection the way a server that is
/// still starting up does (FATAL 57P03), and counts the attempts.
/// </summary>
public sealed class StartingUpPostgres : IAsyncDisposable
{
    private const int SslRequest = 80877103;
    private const int GssEncRequest = 80877104;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    private StartingUpPostgres()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public static StartingUpPostgres Start() => new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            Interlocked.Increment(ref _connections);
            _ = RefuseAsync(client);
        }
    }

    private async Task RefuseAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var header = new byte[8];
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                var code = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
                if (code is SslRequest or GssEncRequest)
                {
                    await stream.WriteAsync("N"u8.ToArray(), _stop.Token);
                    continue;
                }
                await stream.ReadExactlyAsync(new byte[length - 8], _stop.Token); // the rest of the startup message
                break;
            }
            var fields = Encoding.UTF8.GetBytes("SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0");
            var error = new byte[1 + 4 + fields.Length];
            error[0] = (byte)'E';
            BinaryPrimitives.WriteInt32BigEndian(error.AsSpan(1), 4 + fields.Length);
            fields.CopyTo(error, 5);
            await stream.WriteAsync(error, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
