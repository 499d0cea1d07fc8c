using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Publishing.Gateway.Tests;

/// <summary>
/// The gateway in process with its own key ring and the given settings. The services' addresses lead nowhere: these
/// tests are about what the gateway answers itself.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-gateway-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("PUBLISHING_DATA", _data);
        foreach (var service in new[] { "Ingest", "Articles", "Voting", "Ranking" })
        {
            builder.UseSetting($"Services:{service}", "http://127.0.0.1:9");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    /// <summary>A new reader's id and the value of its cookie.</summary>
    public async Task<(string ReaderId, string Cookie)> NewReaderAsync()
    {
        using var client = Client();
        var response = await client.PostAsync("/api/readers", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content, TestContext.Current.CancellationToken);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reader=", StringComparison.Ordinal));
        return (body.GetProperty("readerId").GetString()!, setCookie.Split(';')[0]["reader=".Length..]);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { }
    }
}
