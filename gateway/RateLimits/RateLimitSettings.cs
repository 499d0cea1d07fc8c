namespace Publishing.Gateway.RateLimits;

/// <summary>
/// The limits of the requests that change something for a reader, from configuration section <c>RateLimits</c>
/// (environment: <c>RateLimits__VotesPerReader__PermitLimit=60</c>, <c>RateLimits__VotesPerReader__Window=00:01:00</c>).
/// The defaults leave a real reader, or a household of them behind one address, far from the limit. Each gateway
/// replica counts on its own: with N replicas behind a load balancer that spreads one client's requests, a client may
/// reach up to N times a limit (set the limits per replica accordingly).
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    /// <summary>Votes and retractions of one reader (the verified cookie).</summary>
    public FixedLimit VotesPerReader { get; set; } = new() { PermitLimit = 60 };

    /// <summary>Votes and retractions from one client address, whatever the readers: a household of a few readers, each voting freely.</summary>
    public FixedLimit VotesPerAddress { get; set; } = new() { PermitLimit = 120 };

    /// <summary>
    /// New readers from one client address, through the API or a page opened without a cookie: a household's devices
    /// and private windows, not a reader for every vote.
    /// </summary>
    public FixedLimit ReadersPerAddress { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Requests for the lists Ranking computes for each request (<c>GET /api/recommendations</c>, <c>/related</c>) from one client address.</summary>
    public FixedLimit ListsPerAddress { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Proxies (CIDR networks) whose <c>X-Forwarded-For</c> names the client address; none by default.</summary>
    public string[] TrustedProxyNetworks { get; set; } = [];

    public static RateLimitSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        // An empty entry (compose passes one when no proxy is named) names no network.
        settings.TrustedProxyNetworks = settings.TrustedProxyNetworks.Where(network => !string.IsNullOrWhiteSpace(network)).ToArray();
        return settings;
    }
}

/// <summary><see cref="PermitLimit"/> requests per <see cref="Window"/>; a limit of 0 turns the limit off.</summary>
public sealed class FixedLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
