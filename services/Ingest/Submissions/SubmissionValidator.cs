using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Sanitizing;

namespace Publishing.Ingest.Submissions;

/// <summary>A submission that passed every rule, normalized and sanitized, ready to become an event.</summary>
public sealed record ValidArticle(
    string ExternalId,
    int Revision,
    string Headline,
    string? Summary,
    string BodyHtml,
    string? Byline,
    string? Dateline,
    IReadOnlyList<string> Topics,
    string Language,
    DateTimeOffset PublishedAt,
    string ContentHash);

/// <summary>The rules of API.md for a submission; every refusal names its field.</summary>
public static partial class SubmissionValidator
{
    private static readonly TimeSpan MaxFuture = TimeSpan.FromDays(1);

    /// <summary>Reads and checks a submission in our JSON.</summary>
    public static (ValidArticle? Article, Dictionary<string, string[]> Errors) Validate(JsonElement json, DateTimeOffset now)
    {
        var (submission, errors) = ArticleSubmission.Read(json);
        return submission is null ? (null, errors) : Validate(submission, now, errors);
    }

    /// <summary>Checks a submission; <paramref name="errors"/> may already name fields that could not be read.</summary>
    public static (ValidArticle? Article, Dictionary<string, string[]> Errors) Validate(
        ArticleSubmission submission, DateTimeOffset now, Dictionary<string, string[]>? errors = null)
    {
        errors ??= [];
        void Refuse(string field, string message) => errors.TryAdd(field, [message]);

        var externalId = submission.ExternalId ?? "";
        if (externalId.Length == 0)
        {
            Refuse("externalId", "externalId is required.");
        }
        else if (externalId.Length > Limits.ExternalId || !ExternalIdCharacters().IsMatch(externalId))
        {
            Refuse("externalId", $"externalId must be 1-{Limits.ExternalId} characters of letters, digits and -_.:/");
        }

        var revision = submission.Revision ?? 1;
        if (revision < 1)
        {
            Refuse("revision", "revision must be a whole number of at least 1.");
        }

        var headline = ArticleHtml.PlainText(submission.Headline ?? "");
        if (headline.Length == 0)
        {
            Refuse("headline", "headline is required.");
        }
        else if (headline.Length > Limits.Headline)
        {
            Refuse("headline", $"headline must be at most {Limits.Headline} characters.");
        }

        var body = "";
        if (string.IsNullOrWhiteSpace(submission.Body))
        {
            Refuse("body", "body is required.");
        }
        else if (Encoding.UTF8.GetByteCount(submission.Body) > Limits.BodyBytes)
        {
            Refuse("body", $"body must be at most {Limits.BodyBytes / 1024} KiB.");
        }
        else
        {
            body = ArticleHtml.Body(submission.Body);
            if (!ArticleHtml.HasContent(body))
            {
                Refuse("body", "body has nothing a reader could see once scripts and unsafe markup are removed.");
            }
        }

        var summary = Optional(submission.Summary, "summary", Limits.Summary, Refuse);
        var byline = Optional(submission.Byline, "byline", Limits.Byline, Refuse);
        var dateline = Optional(submission.Dateline, "dateline", Limits.Dateline, Refuse);
        var topics = Topics(submission.Topics ?? [], Refuse);

        var language = submission.Language ?? "en";
        if (!LanguageTag().IsMatch(language))
        {
            Refuse("language", "language must be a BCP 47 tag such as 'en' or 'nb-NO'.");
        }

        var publishedAt = now;
        if (submission.PublishedAt is { } sent)
        {
            if (!Rfc3339().IsMatch(sent) ||
                !DateTimeOffset.TryParse(sent, CultureInfo.InvariantCulture, DateTimeStyles.None, out publishedAt))
            {
                Refuse("publishedAt", "publishedAt must be an RFC 3339 time such as 2025-04-16T18:29:53Z.");
            }
            else if (publishedAt > now + MaxFuture)
            {
                Refuse("publishedAt", "publishedAt must be at most 1 day in the future.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var article = new ValidArticle(
            externalId, revision, headline, summary, body, byline, dateline, topics, language, publishedAt.ToUniversalTime(), "");
        return (article with { ContentHash = ContentHash(article, submission.PublishedAt) }, errors);
    }

    private static string? Optional(string? value, string field, int max, Action<string, string> refuse)
    {
        if (value is null)
        {
            return null;
        }
        var text = ArticleHtml.PlainText(value);
        if (text.Length > max)
        {
            refuse(field, $"{field} must be at most {max:N0} characters.");
        }
        return text.Length == 0 ? null : text;
    }

    private static List<string> Topics(IReadOnlyList<string> sent, Action<string, string> refuse)
    {
        if (sent.Count > Limits.Topics)
        {
            refuse("topics", $"topics must be at most {Limits.Topics}.");
            return [];
        }
        var topics = new List<string>(sent.Count);
        foreach (var topic in sent)
        {
            var trimmed = topic.Trim();
            var slug = TopicKey.Normalize(trimmed);
            if (trimmed.Length is 0 or > Limits.TopicLength || slug.Length == 0)
            {
                refuse("topics", $"each topic must be 1-{Limits.TopicLength} characters with at least one letter or digit.");
                return [];
            }
            if (!topics.Contains(slug))
            {
                topics.Add(slug);
            }
        }
        return topics;
    }

    /// <summary>
    /// What makes two submissions of one revision "the same content": every field but the revision, with the
    /// publication time as sent (a time defaulted to "now" must not make a repeat look different).
    /// </summary>
    private static string ContentHash(ValidArticle article, string? publishedAtAsSent) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
            new
            {
                article.ExternalId, article.Headline, article.Summary, article.BodyHtml, article.Byline, article.Dateline,
                article.Topics, article.Language, PublishedAt = publishedAtAsSent is null ? (DateTimeOffset?)null : article.PublishedAt,
            }))));

    [GeneratedRegex(@"\A[A-Za-z0-9\-_.:/]+\z")]
    private static partial Regex ExternalIdCharacters();

    // RFC 3339 date-time: a full date, a full time and an offset (Z or ±hh:mm).
    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Rfc3339();

    // BCP 47 (RFC 5646) language tags: language, script, region, variants, extensions, private use; or private use alone.
    [GeneratedRegex(@"\A(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)\z")]
    private static partial Regex LanguageTag();
}
