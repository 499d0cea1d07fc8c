using System.Text;

namespace Publishing.Articles.Topics;

/// <summary>
/// The form a topic is matched in: a lower-case slug, as API.md says topics are normalized. Stored topics and the
/// <c>topic</c> of a query both go through it, so "North Korea", "north-korea" and "North_Korea" are one topic whatever
/// form reached the store; a topic already in that form is left as it is.
/// </summary>
public static class TopicKey
{
    public const int MaxLength = 64;

    public static string Normalize(string topic)
    {
        var builder = new StringBuilder(topic.Length);
        foreach (var c in topic)
        {
            if (c is '\'' or '’')
            {
                continue;
            }
            // Letters beyond ASCII are kept as they are, not folded: the processes run with invariant globalization,
            // where Unicode normalization is not available, and a key must come out the same in every process.
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var key = builder.ToString().Trim('-');
        return key.Length > MaxLength ? key[..MaxLength].TrimEnd('-') : key;
    }

    /// <summary>The distinct keys of an article's topics, without the empty ones.</summary>
    public static IReadOnlyList<string> Keys(IEnumerable<string> topics) =>
        topics.Select(Normalize).Where(key => key.Length > 0).Distinct().ToList();
}
