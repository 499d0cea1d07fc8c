using System.Text.Json;

namespace Publishing.Ingest.Submissions;

/// <summary>An article as a newsroom sends it in our JSON (API.md, "Newsroom: ingest"), before any rule is applied.</summary>
public sealed record ArticleSubmission
{
    public string? ExternalId { get; init; }
    public int? Revision { get; init; }
    public string? Headline { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public string? Byline { get; init; }
    public string? Dateline { get; init; }
    public IReadOnlyList<string>? Topics { get; init; }
    public string? Language { get; init; }
    /// <summary>As sent: the validator checks it is RFC 3339.</summary>
    public string? PublishedAt { get; init; }

    /// <summary>
    /// Reads a submission from JSON by hand rather than by binding, so that a value of the wrong type is a 400 naming
    /// its field, like every other rule, and never an exception. Unknown fields are ignored; a field of the wrong
    /// type is left out of the submission and named in the errors.
    /// </summary>
    public static (ArticleSubmission? Submission, Dictionary<string, string[]> Errors) Read(JsonElement json)
    {
        var errors = new Dictionary<string, string[]>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["An article submission is a JSON object."];
            return (null, errors);
        }

        string? Text(string name)
        {
            if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
            errors[name] = [$"{name} must be a string."];
            return null;
        }

        int? revision = null;
        if (json.TryGetProperty("revision", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var number))
            {
                revision = number;
            }
            else
            {
                errors["revision"] = ["revision must be a whole number of at least 1."];
            }
        }

        List<string>? topics = null;
        if (json.TryGetProperty("topics", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind == JsonValueKind.Array && t.EnumerateArray().All(topic => topic.ValueKind == JsonValueKind.String))
            {
                topics = t.EnumerateArray().Select(topic => topic.GetString()!).ToList();
            }
            else
            {
                errors["topics"] = ["topics must be an array of strings."];
            }
        }

        var submission = new ArticleSubmission
        {
            ExternalId = Text("externalId"),
            Revision = revision,
            Headline = Text("headline"),
            Summary = Text("summary"),
            Body = Text("body"),
            Byline = Text("byline"),
            Dateline = Text("dateline"),
            Topics = topics,
            Language = Text("language"),
            PublishedAt = Text("publishedAt"),
        };
        return (submission, errors);
    }
}
