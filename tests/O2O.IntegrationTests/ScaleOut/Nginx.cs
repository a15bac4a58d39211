using System.Diagnostics;

namespace O2O.IntegrationTests.ScaleOut;

/// <summary>
/// Debian's nginx as the load balancer: our own configuration and prefix folder, in the foreground (daemon off), on
/// 127.0.0.1; never the system service. Upstreams take requests in turn (round robin, the default), and each answer
/// says which instance served it (<c>X-Upstream</c>), so a test can see its requests change instance.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string UpstreamHeader = "X-Upstream";

    private readonly Process _process;
    private readonly string _root;

    private Nginx(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public static async Task<Nginx> StartAsync(IEnumerable<string> upstreams)
    {
        var root = ScaleCluster.OwnedFolder("o2o-test-nginx");
        var port = ScaleCluster.FreePort();
        var conf = Path.Combine(root, "nginx.conf");
        // The same proxy settings as deploy/nginx/nginx.conf, the compose file's balancer.
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{root}}/client_body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                upstream o2o {
                    {{string.Join("\n            ", upstreams.Select(u => $"server {u};"))}}
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://o2o;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_buffering off;
                        add_header {{UpstreamHeader}} $upstream_addr always;
                    }
                }
            }
            """);
        var process = ScaleCluster.Start(ScaleCluster.NginxBinary, ["-p", root, "-c", conf, "-g", "daemon off; master_process on;"]);
        var nginx = new Nginx(process, root, port);
        try
        {
            await ScaleCluster.WaitForPortAsync(port, process, Path.Combine(root, "error.log"));
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
        return nginx;
    }

    public async ValueTask DisposeAsync()
    {
        await ScaleCluster.StopAsync(_process);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
