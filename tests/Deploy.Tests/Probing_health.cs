using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Publishing.Deploy.Tests;

/// <summary>The containers' health check, run for real against a listener on loopback.</summary>
public sealed class Probing_health
{
    private static readonly string Probe = Path.Combine(AppContext.BaseDirectory, "health-probe.dll");

    [Fact]
    public async Task Should_pass_when_the_endpoint_answers_200()
    {
        await using var endpoint = Endpoint.Answering(HttpStatusCode.OK);

        Assert.Equal(0, await RunProbeAsync(endpoint.Url + "health/ready"));
        Assert.Equal("/health/ready", endpoint.LastPath);
    }

    [Fact]
    public async Task Should_fail_when_the_endpoint_answers_503()
    {
        await using var endpoint = Endpoint.Answering(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(1, await RunProbeAsync(endpoint.Url + "health/ready"));
    }

    [Fact]
    public async Task Should_fail_when_nothing_listens()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closedPort = ((IPEndPoint)socket.LocalEndPoint!).Port;

        Assert.Equal(1, await RunProbeAsync($"http://127.0.0.1:{closedPort}/health/ready"));
    }

    [Fact]
    public async Task Should_probe_a_path_on_the_port_the_process_listens_on()
    {
        await using var endpoint = Endpoint.Answering(HttpStatusCode.OK);

        Assert.Equal(0, await RunProbeAsync("/health/live", new() { ["ASPNETCORE_HTTP_PORTS"] = endpoint.Port.ToString() }));
        Assert.Equal("/health/live", endpoint.LastPath);
    }

    private static async Task<int> RunProbeAsync(string target, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Probe);
        info.ArgumentList.Add(target);
        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        return process.ExitCode;
    }

    /// <summary>An HTTP listener on a free loopback port that answers every request with one status.</summary>
    private sealed class Endpoint : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        private Endpoint(HttpStatusCode status)
        {
            Port = FreePort();
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                    LastPath = context.Request.Url!.AbsolutePath;
                    context.Response.StatusCode = (int)status;
                    context.Response.Close();
                }
            });
        }

        public int Port { get; }
        public string Url => $"http://127.0.0.1:{Port}/";
        public string? LastPath { get; private set; }

        public static Endpoint Answering(HttpStatusCode status) => new(status);

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
