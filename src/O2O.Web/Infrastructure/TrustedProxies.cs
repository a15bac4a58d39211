using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace O2O.Web.Infrastructure;

/// <summary>
/// The load balancers whose X-Forwarded-For is believed. Nothing else may name the client's address: the rate limits
/// count by it, so a header from anyone else would let a caller pick a fresh address per request.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public List<string> KnownProxies { get; set; } = [];
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsValid => KnownProxies.All(p => IPAddress.TryParse(p, out _)) && KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));
}

public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.Section))
            .Validate(o => o.IsValid, "ForwardedHeaders:KnownProxies must be IP addresses and KnownNetworks CIDR ranges (10.0.0.0/8).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<TrustedProxyOptions>>((o, trusted) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework's default trusts loopback only, which is right for a reverse proxy on the same machine.
            foreach (var proxy in trusted.Value.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in trusted.Value.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }
}
