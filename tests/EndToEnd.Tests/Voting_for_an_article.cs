using System.Net;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>The "veryGood!" button's API, through the gateway: one reader, one vote.</summary>
public sealed class Voting_for_an_article(SystemFixture system) : IDisposable
{
    private readonly Voters _voters = new(system);

    [Fact]
    public async Task Should_count_a_reader_once_however_often_they_vote()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var reader = await _voters.NewReaderAsync();

        var first = await _voters.VoteAsync(article, reader);
        var again = await _voters.VoteAsync(article, reader);

        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, true), first);
        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, true), again);
        Assert.Equal(1, await _voters.ArticleVotesAsync(article, expected: 1));
    }

    [Fact]
    public async Task Should_tell_the_voter_from_other_readers_and_from_a_request_without_a_reader()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var voter = await _voters.NewReaderAsync();
        var other = await _voters.NewReaderAsync();
        await _voters.VoteAsync(article, voter);

        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, true), await _voters.GetAsync(article, voter));
        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, false), await _voters.GetAsync(article, other));
        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, false), await _voters.GetAsync(article));
    }

    [Fact]
    public async Task Should_retract_idempotently_and_bring_the_article_count_back()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var stays = await _voters.NewReaderAsync();
        var leaves = await _voters.NewReaderAsync();
        await _voters.VoteAsync(article, stays);
        await _voters.VoteAsync(article, leaves);
        Assert.Equal(2, await _voters.ArticleVotesAsync(article, expected: 2));

        var first = await _voters.RetractAsync(article, leaves);
        var again = await _voters.RetractAsync(article, leaves);

        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, false), first);
        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, false), again);
        Assert.Equal(1, await _voters.ArticleVotesAsync(article, expected: 1));
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_article_and_410_once_it_is_withdrawn()
    {
        var reader = await _voters.NewReaderAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _voters.VoteAsync(Guid.NewGuid(), reader)).Status);

        var (article, externalId) = await _voters.PublishedArticleAsync();
        using var newsroom = system.Newsroom();
        Assert.Equal(HttpStatusCode.Accepted, (await newsroom.DeleteAsync($"/api/ingest/articles/{externalId}", TestContext.Current.CancellationToken)).StatusCode);

        var withdrawn = await Eventually.GetAsync(() => _voters.VoteAsync(article, reader), v => v.Status == HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.Gone, withdrawn.Status);
        var problem = await _voters.SendRawAsync(HttpMethod.Post, $"/api/articles/{article}/votes", reader.Cookie);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _voters.Dispose();
}
