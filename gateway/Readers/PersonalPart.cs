using System.Buffers;
using System.Text.Json;
using Publishing.Gateway.Pages;
using Publishing.ServiceDefaults.Lists;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Gateway.Readers;

/// <summary>
/// <c>GET /api/readers/me?article={id}&amp;limit=</c>: what of an article page is this reader's own, in one small request
/// that the page's script makes: whether they voted for the article (with its count) and their recommendations. The
/// shared page carries everything else. A reader without a valid cookie gets one here (counted against the per-address
/// budget of new readers, past which the answer is a stranger's); the answer is never stored by any cache. The gateway
/// keeps each reader's recommendations for a few seconds, for that reader only (<see cref="ReaderRecommendations"/>).
/// </summary>
public static class PersonalPart
{
    private const int DefaultLimit = 17;

    public static async Task<IResult> Show(HttpContext context, ReaderIdentity readers, ReaderRecommendations kept, PageSources sources, CancellationToken cancellationToken,
        string? article = null, string? limit = null)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? articleId = null;
        if (!string.IsNullOrEmpty(article))
        {
            if (Guid.TryParse(article, out var id)) { articleId = id; }
            else { errors["article"] = ["article must be an article id."]; }
        }
        if (!ListLimit.TryParse(limit, DefaultLimit, out var count))
        {
            errors["limit"] = [ListLimit.Error];
        }
        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Invalid(errors);
        }

        context.Response.Headers.CacheControl = "private, no-store";
        // Past the address's budget of new readers, the part of a reader the site does not know: no vote, what trends.
        var readerId = readers.Read(context) ?? readers.TryIssue(context, out _);
        var votes = articleId is { } votedOn ? sources.RawVotesAsync(votedOn, readerId, cancellationToken) : Task.FromResult<byte[]?>(null);
        var recommendations = readerId is null
            ? sources.RawRecommendationsAsync(null, count, cancellationToken)
            : kept.GetAsync(readerId, count, () => sources.RawRecommendationsAsync(readerId, count, cancellationToken));
        await Task.WhenAll(votes, recommendations);

        // The services' answers as they are, side by side: nothing to read and write again.
        var body = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("readerId", readerId);
            Raw(json, "votes", await votes);
            Raw(json, "recommendations", await recommendations);
            json.WriteEndObject();
        }
        return TypedResults.Bytes(body.WrittenMemory.ToArray(), "application/json; charset=utf-8");
    }

    private static void Raw(Utf8JsonWriter json, string name, byte[]? value)
    {
        json.WritePropertyName(name);
        if (value is null) { json.WriteNullValue(); }
        else { json.WriteRawValue(value); }
    }
}
