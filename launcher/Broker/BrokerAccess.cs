using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Publishing.Launcher.Broker;

/// <summary>
/// What each service may do on the broker: a user of its own whose configure, write and read rights (RabbitMQ's three
/// permission patterns) cover its own queues and exchanges, the events it publishes and the events it consumes, and
/// nothing else. A service that is taken over can then publish none of the events of another: Voting cannot announce
/// an article, Ingest cannot cast a vote. deploy/README.md ("Broker users") gives the same table for compose and
/// Kubernetes.
/// </summary>
/// <remarks>
/// The names are MassTransit's RabbitMQ topology, as <c>rabbitmqctl list_exchanges</c> / <c>list_queues</c> show it:
/// a receive endpoint <c>{service}-{consumer}</c> is a queue and an exchange of that name (and <c>_error</c> and
/// <c>_skipped</c> ones); an event type is a fanout exchange <c>Publishing.Contracts:{Type}</c>, which the publisher
/// declares (configure) and publishes to (write), and which a consumer declares (configure) and binds its endpoint to
/// (read on the event's exchange, write on its own); a message that fails every retry is published as a fault,
/// <c>MassTransit:Fault--Publishing.Contracts:{Type}--</c> bound to <c>MassTransit:Fault</c>.
/// </remarks>
public sealed record BrokerAccess(string Service, IReadOnlyList<string> Publishes, IReadOnlyList<string> Consumes)
{
    public static readonly IReadOnlyList<BrokerAccess> Services =
    [
        new("ingest", ["ArticleSubmitted", "ArticleWithdrawalSubmitted"], []),
        new("articles", ["ArticlePublished", "ArticleRevised", "ArticleWithdrawn"], ["ArticleSubmitted", "ArticleWithdrawalSubmitted", "VoteCast", "VoteRetracted"]),
        new("voting", ["VoteCast", "VoteRetracted"], ["ArticlePublished", "ArticleWithdrawn"]),
        new("ranking", [], ["ArticlePublished", "ArticleRevised", "ArticleWithdrawn", "VoteCast", "VoteRetracted"]),
    ];

    public static BrokerAccess Of(string service) => Services.Single(access => access.Service == service);

    /// <summary>The service's broker user.</summary>
    public string User => "publishing-" + Service;

    /// <summary>Declare (and delete): its own endpoints, the exchanges of the events it publishes or consumes, faults.</summary>
    public string Configure => Pattern(Own, Events(Publishes.Concat(Consumes)), Faults);

    /// <summary>Publish to, or bind into: its own endpoints, the events it publishes, faults.</summary>
    public string Write => Pattern(Own, Events(Publishes), Faults);

    /// <summary>Consume from, or bind from: its own endpoints, the events it consumes, faults.</summary>
    public string Read => Pattern(Own, Events(Consumes), Faults);

    private string Own => Regex(Service) + "-.*";

    private const string Faults = @"MassTransit:Fault(--.*)?";

    private static string? Events(IEnumerable<string> types) =>
        types.Distinct().ToList() is { Count: > 0 } names ? @"Publishing\.Contracts:(" + string.Join('|', names.Order()) + ")" : null;

    private static string Pattern(params string?[] alternatives) => "^(" + string.Join('|', alternatives.OfType<string>()) + ")$";

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    /// <summary>
    /// RabbitMQ definitions (the format of <c>rabbitmqctl import_definitions</c> and of <c>load_definitions</c>) for
    /// one run: the administrator, a user per service with its rights, and <c>guest</c> left with a password nobody
    /// knows (a folder made by an earlier version still has it, with every right).
    /// </summary>
    public static string Definitions(string administrator, string administratorPassword, IReadOnlyDictionary<string, string> servicePasswords)
    {
        var users = new List<object>
        {
            UserEntry(administrator, administratorPassword, "administrator"),
            UserEntry("guest", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), ""),
        };
        var permissions = new List<object> { Permission(administrator, ".*", ".*", ".*") };
        foreach (var access in Services)
        {
            users.Add(UserEntry(access.User, servicePasswords[access.Service], ""));
            permissions.Add(Permission(access.User, access.Configure, access.Write, access.Read));
        }
        return JsonSerializer.Serialize(new
        {
            users,
            vhosts = new[] { new { name = "/" } },
            permissions,
        });
    }

    private static object UserEntry(string name, string password, string tags) => new Dictionary<string, string>
    {
        ["name"] = name,
        ["password_hash"] = PasswordHash(password),
        ["hashing_algorithm"] = "rabbit_password_hashing_sha256",
        ["tags"] = tags,
    };

    private static object Permission(string user, string configure, string write, string read) => new Dictionary<string, string>
    {
        ["user"] = user,
        ["vhost"] = "/",
        ["configure"] = configure,
        ["write"] = write,
        ["read"] = read,
    };

    /// <summary>RabbitMQ's salted SHA-256: base64(salt ‖ SHA-256(salt ‖ UTF-8 password)), with a 4-byte random salt.</summary>
    public static string PasswordHash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }
}
