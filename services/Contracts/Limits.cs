namespace Publishing.Contracts;

/// <summary>
/// The limits of docs/API.md, declared once: Ingest refuses a submission past them, the ninjs mapping cuts an agency's
/// subjects to them, the gateway answers 413 to a body past its size, <see cref="TopicKey"/> cuts a key to a topic's
/// length, and the newsroom tool sends batches within them.
/// </summary>
public static class Limits
{
    public const int ExternalId = 200;
    public const int Headline = 300;
    /// <summary>The standfirst.</summary>
    public const int Summary = 1000;
    public const int Byline = 200;
    public const int Dateline = 200;
    /// <summary>The article body, in UTF-8 bytes.</summary>
    public const int BodyBytes = 512 * 1024;
    public const int Topics = 20;
    public const int TopicLength = 64;
    public const int BatchItems = 1000;

    /// <summary>A request to submit one article.</summary>
    public const long ArticleRequestBytes = 1024 * 1024;
    /// <summary>A request to submit a batch.</summary>
    public const long BatchRequestBytes = 16 * 1024 * 1024;
    /// <summary>Any other request through the gateway: the vote form, the votes and readers API.</summary>
    public const long OtherRequestBytes = 1024;
}
