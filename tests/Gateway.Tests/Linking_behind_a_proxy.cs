using System.Net;

namespace Publishing.Gateway.Tests;

/// <summary>
/// Behind a proxy that terminates TLS: absolute links (robots.txt, the feed, the sitemap, canonical addresses) name
/// the address readers use, and the reader cookie is sent over HTTPS only.
/// </summary>
public sealed class Linking_behind_a_proxy
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<string> SitemapLineAsync(GatewayFactory gateway)
    {
        using var client = gateway.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/robots.txt");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "news.example");
        var response = await client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(Cancellation)).Split('\n').Single(line => line.StartsWith("Sitemap: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_use_the_scheme_and_host_a_trusted_proxy_forwards()
    {
        await using var behindProxy = new GatewayFactory(new Dictionary<string, string> { ["RateLimits:TrustedProxyNetworks:0"] = "127.0.0.0/8" });

        Assert.Equal("Sitemap: https://news.example/sitemap.xml", await SitemapLineAsync(behindProxy));
        using var client = behindProxy.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/readers");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var cookie = (await client.SendAsync(request, Cancellation)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reader=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie.Split("; "));
    }

    [Fact]
    public async Task Should_ignore_what_an_untrusted_client_claims()
    {
        await using var open = new GatewayFactory();

        Assert.Equal("Sitemap: http://localhost/sitemap.xml", await SitemapLineAsync(open));
    }
}
