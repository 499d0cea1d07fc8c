namespace Publishing.Launcher;

/// <summary>How to start the system on this machine: the variables of API.md, read by <c>./run.sh</c>.</summary>
public sealed record LocalSystemOptions
{
    public int GatewayPort { get; init; } = 8080;
    public string DataFolder { get; init; } = Path.GetFullPath(".data");
    public string? IngestKey { get; init; }
    public bool Demo { get; init; } = true;
    public Uri? BrokerUri { get; init; }

    /// <summary>When a process that exited unasked is started again, and when it is given up.</summary>
    public Supervision.RestartPolicy Restarts { get; init; } = new();

    /// <summary>More variables for every process (OpenTelemetry settings, test seams, MONGODB_URI ...).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public static LocalSystemOptions FromEnvironment()
    {
        string? Read(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var port = Read("PUBLISHING_PORT");
        return new LocalSystemOptions
        {
            GatewayPort = port is null ? 8080
                : int.TryParse(port, out var p) && p is > 0 and < 65536 ? p
                : throw new LaunchException($"PUBLISHING_PORT must be a port number, not '{port}'."),
            DataFolder = Path.GetFullPath(Read("PUBLISHING_DATA") ?? ".data"),
            IngestKey = Read("PUBLISHING_INGEST_KEY"),
            Demo = Read("PUBLISHING_DEMO") != "0",
            BrokerUri = Read("RABBITMQ_URI") is { } uri ? new Uri(uri) : null,
        };
    }
}
