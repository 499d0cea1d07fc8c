using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Publishing.Gateway.Readers;

namespace Publishing.Gateway.Tests;

public sealed class Creating_a_reader : IAsyncLifetime
{
    private readonly GatewayFactory _gateway = new();

    [Fact]
    public async Task Should_answer_201_with_the_reader_id_and_a_signed_http_only_lax_long_lived_cookie()
    {
        using var client = _gateway.Client();

        var response = await client.PostAsync("/api/readers", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var readerId = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("readerId").GetString()!;
        Assert.True(Guid.TryParse(readerId, out _));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("reader=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.Contains("path=/", cookie);
        Assert.DoesNotContain(readerId.ToLowerInvariant(), cookie);
        var expires = DateTimeOffset.Parse(cookie.Split(';').Single(p => p.Trim().StartsWith("expires=", StringComparison.Ordinal)).Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expires > DateTimeOffset.UtcNow.AddDays(300), $"the cookie expires on {expires}");
    }

    [Fact]
    public async Task Should_give_each_reader_a_new_id()
    {
        var first = await _gateway.NewReaderAsync();
        var second = await _gateway.NewReaderAsync();

        Assert.NotEqual(first.ReaderId, second.ReaderId);
    }

    [Fact]
    public async Task Should_read_back_the_reader_from_its_cookie()
    {
        var (readerId, cookie) = await _gateway.NewReaderAsync();

        Assert.Equal(readerId, Read(cookie));
    }

    [Fact]
    public async Task Should_read_a_cookie_it_did_not_issue_itself_by_verifying_it()
    {
        // Another replica (or this one before a restart) issued the cookie: nothing is remembered, Data Protection decides.
        var (readerId, cookie) = await _gateway.NewReaderAsync();
        using var newReaders = new Publishing.Gateway.RateLimits.NewReaders(new());
        var restarted = new ReaderIdentity(_gateway.Services.GetRequiredService<IDataProtectionProvider>(), TimeProvider.System, newReaders,
            new Publishing.Gateway.Routing.PublicOrigin(null), new VerifiedCookies(10));
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "reader=" + cookie;

        Assert.Equal(readerId, restarted.Read(context));
    }

    [Fact]
    public async Task Should_refuse_a_tampered_cookie()
    {
        var (_, cookie) = await _gateway.NewReaderAsync();
        var middle = cookie.Length / 2;
        var tampered = cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..];

        Assert.Null(Read(tampered));
    }

    [Theory]
    [InlineData("6f9619ff8b86d011b42d00cf4fc964ff")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("")]
    public void Should_refuse_a_made_up_cookie(string madeUp) => Assert.Null(Read(madeUp));

    [Fact]
    public void Should_refuse_a_cookie_signed_with_another_key_ring()
    {
        var elsewhere = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(Path.GetTempPath(), "publishing-other-keys-" + Guid.NewGuid().ToString("N"))));
        using var newReaders = new Publishing.Gateway.RateLimits.NewReaders(new());
        var forged = new ReaderIdentity(elsewhere, TimeProvider.System, newReaders, new Publishing.Gateway.Routing.PublicOrigin(null), new VerifiedCookies(10));
        var context = new DefaultHttpContext();
        forged.TryIssue(context, out _);
        var cookie = context.Response.Headers.SetCookie.ToString().Split(';')[0]["reader=".Length..];

        Assert.Null(Read(cookie));
    }

    private string? Read(string cookie)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "reader=" + cookie;
        return _gateway.Services.GetRequiredService<ReaderIdentity>().Read(context);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();
}
