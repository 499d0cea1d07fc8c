using System.Text.Json;
using Publishing.Contracts;
using Publishing.Ingest.Submissions;

namespace Publishing.Ingest.Ninjs;

/// <summary>
/// A ninjs document read as an article (API.md, the ninjs mapping table): which version it is, the submission it
/// maps to, what makes it no article, and which ninjs field each of our fields came from, so that a refusal names
/// the field the newsroom sent.
/// </summary>
public sealed record NinjsArticle(
    NinjsVersion Version,
    ArticleSubmission Submission,
    IReadOnlyList<string> Missing,
    IReadOnlyDictionary<string, string> SourceFields,
    Dictionary<string, string[]> Errors)
{

    /// <summary>Maps a document that is valid against its schema.</summary>
    public static NinjsArticle Map(JsonElement document, NinjsVersion version)
    {
        var errors = new Dictionary<string, string[]>();
        var from = new Dictionary<string, string>
        {
            ["externalId"] = "uri", ["revision"] = "version", ["language"] = "language", ["dateline"] = "located", ["$"] = "$",
        };
        var v3 = version == NinjsVersion.V3;

        int? revision = null;
        if (Text(document, "version") is { } versionText)
        {
            if (versionText.Length is > 0 and <= 9 && versionText.All(char.IsAsciiDigit))
            {
                revision = int.Parse(versionText, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                errors["version"] = ["version must be a string of digits (it becomes the revision)."];
            }
        }

        string? headline, body, summary, byline, publishedAt;
        IEnumerable<string> subjects;
        if (version == NinjsVersion.V1)
        {
            headline = Text(document, "headline");
            from["headline"] = "headline";
            var bodyField = new[] { "body_html", "body_xhtml", "body_text" }.FirstOrDefault(f => !string.IsNullOrWhiteSpace(Text(document, f))) ?? "body_text";
            body = Text(document, bodyField);
            from["body"] = bodyField;
            summary = Text(document, "description_text");
            from["summary"] = "description_text";
            byline = Text(document, "byline");
            from["byline"] = "byline";
            publishedAt = Text(document, "versioncreated");
            from["publishedAt"] = "versioncreated";
            subjects = Names(document, "subject");
            from["topics"] = "subject";
        }
        else
        {
            var contentType = v3 ? "contentType" : "contenttype";
            headline = Pick(Items(document, "headlines"), item => Text(item, "role") == "main")?.Let(h => Text(h, "value"));
            from["headline"] = "headlines";
            var bodies = Items(document, "bodies").Where(b => !string.IsNullOrWhiteSpace(Text(b, "value"))).ToList();
            var chosen = bodies.FirstOrDefault(b => IsHtml(Text(b, contentType), Text(b, "role")))
                is { ValueKind: JsonValueKind.Object } html ? html
                : bodies.FirstOrDefault(b => IsText(Text(b, contentType)));
            body = chosen.ValueKind == JsonValueKind.Object ? Text(chosen, "value") : null;
            from["body"] = "bodies";
            summary = Pick(Items(document, "descriptions").Where(d => !IsCaption(Text(d, "role"))), d => Text(d, "role") is "summary" or "abstract")
                ?.Let(d => Text(d, "value"));
            from["summary"] = "descriptions";
            byline = Text(document, "by");
            from["byline"] = "by";
            var (versionCreated, firstCreated) = v3 ? ("versionCreated", "firstCreated") : ("versioncreated", "firstcreated");
            publishedAt = Text(document, versionCreated) ?? Text(document, firstCreated);
            from["publishedAt"] = Text(document, versionCreated) is null ? firstCreated : versionCreated;
            subjects = Names(document, "subjects");
            from["topics"] = "subjects";
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(headline))
        {
            missing.Add(version == NinjsVersion.V1 ? "headline" : "headlines");
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            missing.Add(version == NinjsVersion.V1 ? "body_html, body_xhtml or body_text" : "bodies (a text or HTML body)");
        }

        var submission = new ArticleSubmission
        {
            ExternalId = Text(document, "uri"),
            Revision = revision,
            Headline = headline,
            Summary = summary,
            Body = body,
            Byline = byline,
            Dateline = Text(document, "located"),
            Topics = Topics(subjects),
            Language = Text(document, "language"),
            PublishedAt = publishedAt,
        };
        return new NinjsArticle(version, submission, missing, from, errors);
    }

    /// <summary>Our validator's errors, named by the JSON pointer of the ninjs fields they came from (<c>/uri</c>).</summary>
    public Dictionary<string, string[]> InNinjsTerms(Dictionary<string, string[]> errors) =>
        errors.ToDictionary(e => NinjsApi.Pointer(SourceFields.GetValueOrDefault(e.Key, e.Key)), e => e.Value);

    private static List<string> Topics(IEnumerable<string> names)
    {
        var topics = new List<string>();
        foreach (var name in names)
        {
            var trimmed = name.Trim();
            if (trimmed.Length is > 0 and <= Limits.TopicLength && TopicKey.Normalize(trimmed) is { Length: > 0 } slug &&
                !topics.Any(t => TopicKey.Normalize(t) == slug))
            {
                topics.Add(trimmed);
                // Subject names are an agency's metadata, not topics chosen for readers: past the limit they are cut, not refused.
                if (topics.Count == Limits.Topics)
                {
                    break;
                }
            }
        }
        return topics;
    }

    private static bool IsHtml(string? contentType, string? role) =>
        contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? role?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false;

    private static bool IsText(string? contentType) =>
        contentType is null || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);

    private static bool IsCaption(string? role) => role is "caption" or "creditline" or "alt" or "alttext";

    private static JsonElement? Pick(IEnumerable<JsonElement> items, Func<JsonElement, bool> preferred)
    {
        var list = items.ToList();
        return list.Count == 0 ? null : list.FirstOrDefault(preferred) is { ValueKind: JsonValueKind.Object } p ? p : list[0];
    }

    private static IEnumerable<JsonElement> Items(JsonElement document, string name) =>
        document.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object)
            : [];

    private static IEnumerable<string> Names(JsonElement document, string name) =>
        Items(document, name).Select(i => Text(i, "name")).OfType<string>();

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

internal static class NullableJson
{
    public static T? Let<T>(this JsonElement element, Func<JsonElement, T?> map) where T : class => map(element);
}
