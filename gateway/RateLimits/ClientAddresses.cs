using Microsoft.AspNetCore.HttpOverrides;

namespace Publishing.Gateway.RateLimits;

/// <summary>
/// The client address the per-address limits count: behind a load balancer or an ingress, the address that proxy
/// forwards in <c>X-Forwarded-For</c>, believed only from the networks listed in <c>RateLimits:TrustedProxyNetworks</c>
/// (CIDR, e.g. <c>RateLimits__TrustedProxyNetworks__0=10.0.0.0/8</c>). With none listed, nobody can claim an address.
/// The same proxies' <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> give the address readers use
/// (<c>https://news.example</c>), which the canonical links, the feed and the sitemap are written with.
/// <para>
/// An IPv6 client counts by its /64 network: one household or one host is given a whole /64 and can pick a new
/// address in it at will.
/// </para>
/// </summary>
public static class ClientAddresses
{
    public static IHostApplicationBuilder AddClientAddresses(this IHostApplicationBuilder builder, RateLimitSettings settings)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in settings.TrustedProxyNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            // Walk back through every trusted proxy of a chain, and stop at the first address nobody vouches for.
            options.ForwardLimit = null;
        });
        return builder;
    }

    /// <summary>What the per-address limits count the request against: its IPv4 address, or its IPv6 /64 network.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new System.Net.IPAddress(bytes) + "/64";
    }

    public static WebApplication UseClientAddresses(this WebApplication app)
    {
        if (app.Services.GetRequiredService<RateLimitSettings>().TrustedProxyNetworks.Length > 0)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
