using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Publishing.Newsroom;

/// <summary>
/// The ingest API through the gateway, with the newsroom's key. A request the system could not take right then (a
/// 5xx, a 429, a broken connection) is tried again after a pause (the <c>Retry-After</c> when given): batch items are
/// idempotent, so sending one twice changes nothing.
/// </summary>
public sealed class IngestClient(Uri gateway, string key) : IDisposable
{
    private const int Tries = 6;
    private readonly HttpClient _http = new() { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>The key refused, or an answer no retry will change: the run cannot go on.</summary>
    public sealed class RefusedException(string message) : Exception(message);

    public Uri Gateway => gateway;

    public async Task<JsonElement> SendBatchAsync(bool ninjs, IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        var body = string.Join('\n', items.Select(item => item.Json));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, ninjs ? "/api/ingest/ninjs/batch" : "/api/ingest/articles/batch")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson"),
        }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new RefusedException($"The batch of {items.Count} items from {items[0].Origin} was refused whole ({(int)response.StatusCode}): {Detail(text)}");
    }

    /// <summary>True once withdrawn, false when the newsroom has no such article.</summary>
    public async Task<bool> WithdrawAsync(string externalId, CancellationToken cancellationToken)
    {
        var path = "/api/ingest/articles/" + string.Join('/', externalId.Split('/').Select(Uri.EscapeDataString));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => true,
            HttpStatusCode.NotFound => false,
            var status => throw new RefusedException($"Withdrawing {externalId} was refused ({(int)status}): {Detail(await response.Content.ReadAsStringAsync(cancellationToken))}"),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            message.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
            TimeSpan? pause;
            try
            {
                var response = await _http.SendAsync(message, cancellationToken);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new RefusedException($"The API key was refused by {gateway}: {Detail(await response.Content.ReadAsStringAsync(cancellationToken))}");
                }
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests || attempt == Tries)
                {
                    return response;
                }
                pause = response.Headers.RetryAfter?.Delta;
                response.Dispose();
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested && attempt < Tries)
            {
                pause = null;
            }
            await Task.Delay(pause ?? TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), cancellationToken);
        }
    }

    private static string Detail(string problem)
    {
        try
        {
            var json = JsonDocument.Parse(problem).RootElement;
            return json.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : json.TryGetProperty("title", out var title) ? title.GetString() ?? "" : problem;
        }
        catch (JsonException)
        {
            return problem.Length > 200 ? problem[..200] : problem;
        }
    }

    public void Dispose() => _http.Dispose();
}
