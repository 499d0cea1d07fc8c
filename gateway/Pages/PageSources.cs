using System.Net;
using System.Net.Http.Json;
using Publishing.Gateway.Readers;
using Publishing.Gateway.Routing;

namespace Publishing.Gateway.Pages;

/// <summary>An article as the Articles service answers it (API.md, "Readers").</summary>
public sealed record ArticleView(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string Body,
    string? Byline,
    string? Dateline,
    IReadOnlyList<string>? Topics,
    string? Language,
    DateTimeOffset PublishedAt,
    long Votes,
    int Revision = 1,
    DateTimeOffset? UpdatedAt = null);

/// <summary>An item of any list: latest, trending, related, recommendations (only the latest say when they were revised).</summary>
public sealed record ListedArticle(Guid Id, string Slug, string Headline, string? Summary, DateTimeOffset PublishedAt, IReadOnlyList<string>? Topics, DateTimeOffset? UpdatedAt = null)
{
    /// <summary>When the article last changed, as far as the list says.</summary>
    public DateTimeOffset LastChanged => UpdatedAt is { } updated && updated > PublishedAt ? updated : PublishedAt;
}

public sealed record VoteTally(Guid ArticleId, long Count, bool Voted);

public abstract record ArticleLookup
{
    public sealed record Found(ArticleView Article) : ArticleLookup;
    public sealed record Withdrawn : ArticleLookup;
    public sealed record Unknown : ArticleLookup;
    public sealed record Unavailable : ArticleLookup;
}

/// <summary>
/// What the pages read, through each service's public HTTP API, as the reader: every call carries the reader id in
/// <see cref="ReaderIdentity.ForwardedHeader"/>, as the proxy would. A list that cannot be read is an empty list, so a
/// service that is slow, down or not deployed yet leaves a gap on the page instead of breaking it.
/// </summary>
public sealed class PageSources(HttpClient http, ServiceAddresses services, ILogger<PageSources> logger)
{
    private sealed record ListOf(IReadOnlyList<ListedArticle>? Items, string? NextCursor);

    /// <summary>One page of the newest-first list, the cursor of the next page, and whether Articles answered at all.</summary>
    public sealed record LatestPage(IReadOnlyList<ListedArticle> Items, string? NextCursor, bool Answered);

    public async Task<ArticleLookup> ArticleAsync(string idOrSlug, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(services.Articles, $"/api/articles/{Uri.EscapeDataString(idOrSlug)}"), cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK when await response.Content.ReadFromJsonAsync<ArticleView>(cancellationToken) is { } article => new ArticleLookup.Found(article),
                HttpStatusCode.NotFound => new ArticleLookup.Unknown(),
                HttpStatusCode.Gone => new ArticleLookup.Withdrawn(),
                _ => new ArticleLookup.Unavailable(),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "The Articles service could not answer for article {Article}", idOrSlug);
            return new ArticleLookup.Unavailable();
        }
    }

    public async Task<LatestPage> LatestAsync(string? topic, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var query = $"/api/articles?limit={limit}{TopicQuery(topic)}" + (string.IsNullOrEmpty(cursor) ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        var list = await ReadListAsync(services.Articles, query, null, cancellationToken);
        return new LatestPage(list?.Items ?? [], list?.NextCursor, list is not null);
    }

    public Task<IReadOnlyList<ListedArticle>> TrendingAsync(string? topic, int limit, CancellationToken cancellationToken) =>
        ListAsync(services.Ranking, $"/api/trending?limit={limit}{TopicQuery(topic)}", null, cancellationToken);

    public Task<IReadOnlyList<ListedArticle>> RelatedAsync(Guid articleId, int limit, CancellationToken cancellationToken) =>
        ListAsync(services.Ranking, $"/api/articles/{articleId}/related?limit={limit}", null, cancellationToken);

    /// <summary>The reader's recommendations; without a reader, what a new reader's are: trending.</summary>
    public Task<IReadOnlyList<ListedArticle>> RecommendationsAsync(string? readerId, int limit, CancellationToken cancellationToken) =>
        readerId is null
            ? TrendingAsync(null, limit, cancellationToken)
            : ListAsync(services.Ranking, $"/api/recommendations?limit={limit}", readerId, cancellationToken);

    /// <summary>The article's count and whether this reader (if any) voted, or null when the Voting service cannot say.</summary>
    public async Task<VoteTally?> VotesAsync(Guid articleId, string? readerId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = AsReader(new HttpRequestMessage(HttpMethod.Get, new Uri(services.Voting, $"/api/articles/{articleId}/votes")), readerId);
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<VoteTally>(cancellationToken) : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "The Voting service could not answer for article {Article}", articleId);
            return null;
        }
    }

    /// <summary>Casts or retracts the reader's vote; a refusal (the article was withdrawn meanwhile) leaves the page as it is.</summary>
    public async Task SetVoteAsync(Guid articleId, string readerId, bool retract, CancellationToken cancellationToken)
    {
        using var request = AsReader(new HttpRequestMessage(retract ? HttpMethod.Delete : HttpMethod.Post, new Uri(services.Voting, $"/api/articles/{articleId}/votes")), readerId);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("A vote from the page for article {Article} answered {Status}", articleId, (int)response.StatusCode);
        }
    }

    /// <summary>Voting's answer for this reader (<c>{ "articleId", "count", "voted" }</c>) as it came, or null when it cannot say.</summary>
    public Task<byte[]?> RawVotesAsync(Guid articleId, string? readerId, CancellationToken cancellationToken) =>
        RawAsync(services.Voting, $"/api/articles/{articleId}/votes", readerId, cancellationToken);

    /// <summary>
    /// Ranking's recommendations for this reader (<c>{ "items": [...] }</c>) as they came, or null when it cannot say;
    /// without a reader, what a new reader's are: trending.
    /// </summary>
    public Task<byte[]?> RawRecommendationsAsync(string? readerId, int limit, CancellationToken cancellationToken) =>
        RawAsync(services.Ranking, readerId is null ? $"/api/trending?limit={limit}" : $"/api/recommendations?limit={limit}", readerId, cancellationToken);

    private async Task<byte[]?> RawAsync(Uri service, string pathAndQuery, string? readerId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = AsReader(new HttpRequestMessage(HttpMethod.Get, new Uri(service, pathAndQuery)), readerId);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
            {
                logger.LogInformation("{Path} answered {Status}: the reader's part leaves it out", pathAndQuery, (int)response.StatusCode);
                return null;
            }
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "{Path} could not be read: the reader's part leaves it out", pathAndQuery);
            return null;
        }
    }

    private async Task<IReadOnlyList<ListedArticle>> ListAsync(Uri service, string pathAndQuery, string? readerId, CancellationToken cancellationToken) =>
        (await ReadListAsync(service, pathAndQuery, readerId, cancellationToken))?.Items ?? [];

    private async Task<ListOf?> ReadListAsync(Uri service, string pathAndQuery, string? readerId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = AsReader(new HttpRequestMessage(HttpMethod.Get, new Uri(service, pathAndQuery)), readerId);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("{List} answered {Status}: the page shows it empty", pathAndQuery, (int)response.StatusCode);
                return null;
            }
            return await response.Content.ReadFromJsonAsync<ListOf>(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "{List} could not be read: the page shows it empty", pathAndQuery);
            return null;
        }
    }

    private static HttpRequestMessage AsReader(HttpRequestMessage request, string? readerId)
    {
        if (readerId is not null)
        {
            request.Headers.TryAddWithoutValidation(ReaderIdentity.ForwardedHeader, readerId);
        }
        return request;
    }

    private static string TopicQuery(string? topic) => string.IsNullOrWhiteSpace(topic) ? "" : "&topic=" + Uri.EscapeDataString(topic);
}
