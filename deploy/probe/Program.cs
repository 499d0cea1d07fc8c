// health-probe [path-or-url]: exits 0 when the process in this container answers 2xx on its health endpoint, 1 otherwise.
// A bare path (default /health/ready) goes to the first port of ASPNETCORE_HTTP_PORTS (the image sets 8080) on loopback.

var target = args.Length > 0 ? args[0] : "/health/ready";
var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split([';', ','])[0].Trim();
var address = Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
    ? absolute
    : new Uri($"http://127.0.0.1:{port}{(target.StartsWith('/') ? target : "/" + target)}");

// Shorter than the orchestrators' probe timeouts, so a hung process is reported as unhealthy rather than as a timeout.
using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
try
{
    using var response = await client.GetAsync(address);
    Console.WriteLine($"{address} {(int)response.StatusCode}");
    return response.IsSuccessStatusCode ? 0 : 1;
}
catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
{
    Console.WriteLine($"{address} unreachable: {exception.Message}");
    return 1;
}
