using System.Net.Http.Headers;
using System.Text;

namespace Publishing.Testing;

/// <summary>
/// The broker named by <c>RABBITMQ_URI</c> is shared: test assemblies run at the same time, and each starts services
/// with the same queue and exchange names. Each fixture therefore gets a virtual host of its own, made through the
/// broker's management API (<c>RABBITMQ_MANAGEMENT_URI</c>, else the broker's host on port 15672 with its credentials)
/// and deleted afterwards.
/// </summary>
public sealed class SharedBroker : IAsyncDisposable
{
    private readonly HttpClient _management;
    private readonly string _virtualHost;

    private SharedBroker(HttpClient management, string virtualHost, Uri uri)
    {
        _management = management;
        _virtualHost = virtualHost;
        Uri = uri;
    }

    /// <summary>The broker's address with this fixture's own virtual host.</summary>
    public Uri Uri { get; }

    /// <summary>A fresh virtual host on the <c>RABBITMQ_URI</c> broker, or null when that variable is not set.</summary>
    public static async Task<SharedBroker?> FromEnvironmentAsync()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is not { Length: > 0 } given)
        {
            return null;
        }
        var broker = new Uri(given);
        var credentials = Uri.UnescapeDataString(broker.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        var management = new HttpClient
        {
            BaseAddress = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_MANAGEMENT_URI") is { Length: > 0 } api ? api : $"http://{broker.Host}:15672/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var virtualHost = "publishing-test-" + Guid.NewGuid().ToString("N")[..12];
        var user = credentials.Split(':')[0];
        try
        {
            (await management.PutAsync($"api/vhosts/{virtualHost}", null)).EnsureSuccessStatusCode();
            var everything = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
            (await management.PutAsync($"api/permissions/{virtualHost}/{Uri.EscapeDataString(user)}", everything)).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException exception)
        {
            management.Dispose();
            throw new InvalidOperationException(
                $"RABBITMQ_URI is set, but no virtual host could be made through the management API at {management.BaseAddress} " +
                "(set RABBITMQ_MANAGEMENT_URI, or unset RABBITMQ_URI to let the tests start their own broker).", exception);
        }
        return new SharedBroker(management, virtualHost, new UriBuilder(broker) { Path = "/" + virtualHost }.Uri);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _management.DeleteAsync($"api/vhosts/{_virtualHost}");
        }
        catch (HttpRequestException)
        {
            // A virtual host left behind holds only this run's test queues.
        }
        _management.Dispose();
    }
}
