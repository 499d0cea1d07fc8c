using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Publishing.Gateway.Tests;

/// <summary>
/// Behind a proxy that terminates TLS: absolute links (robots.txt, the feed, the sitemap, canonical addresses) name
/// the address readers use, and the reader cookie is sent over HTTPS only.
/// </summary>
public sealed class Linking_behind_a_proxy
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<string> SitemapLineAsync(GatewayFactory gateway, string? host = null)
    {
        using var client = gateway.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/robots.txt");
        if (host is not null)
        {
            request.Headers.Host = host;
        }
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

    [Fact]
    public async Task Should_write_every_link_with_the_configured_origin_whatever_host_the_client_names()
    {
        await using var configured = new GatewayFactory(new Dictionary<string, string>
        {
            ["PUBLISHING_PUBLIC_ORIGIN"] = "https://news.example",
            ["RateLimits:TrustedProxyNetworks:0"] = "127.0.0.0/8",
        });

        Assert.Equal("Sitemap: https://news.example/sitemap.xml", await SitemapLineAsync(configured, host: "evil.example"));
    }

    [Fact]
    public async Task Should_make_the_cookie_secure_and_host_only_behind_an_https_origin()
    {
        await using var configured = new GatewayFactory(new Dictionary<string, string> { ["PUBLISHING_PUBLIC_ORIGIN"] = "https://news.example" });
        using var client = configured.Client();

        var response = await client.PostAsync("/api/readers", null, Cancellation);

        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("__Host-reader=", cookie);
        Assert.Contains("secure", cookie.Split("; "));
        Assert.Contains("path=/", cookie.Split("; "));
        var value = cookie.Split(';')[0];
        Assert.NotNull(configured.Services.GetRequiredService<Publishing.Gateway.Readers.ReaderIdentity>().Read(WithCookie(value)));
    }

    [Fact]
    public async Task Should_answer_400_to_a_host_that_is_not_allowed()
    {
        await using var configured = new GatewayFactory(new Dictionary<string, string> { ["AllowedHosts"] = "news.example" });
        using var client = configured.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "/robots.txt");
        request.Headers.Host = "evil.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request, Cancellation)).StatusCode);
    }

    private static Microsoft.AspNetCore.Http.DefaultHttpContext WithCookie(string cookie)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers.Cookie = cookie;
        return context;
    }
}
