using System.Net;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>
/// Many readers voting on one article at once, each several times: a burst of events that Articles and Ranking consume
/// in batches, and exact counts everywhere (Voting, the article's <c>votes</c>, trending).
/// </summary>
public sealed class Voting_concurrently(SystemFixture system) : IDisposable
{
    private readonly Voters _voters = new(system);
    private const int Readers = 40;
    private const int Attempts = 4;

    [Fact]
    public async Task Should_count_one_vote_per_reader_in_the_answers_the_store_and_the_article()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var readers = await Task.WhenAll(Enumerable.Range(0, Readers).Select(_ => _voters.NewReaderAsync()));

        var votes = await Task.WhenAll(readers.SelectMany(r => Enumerable.Repeat(r, Attempts)).Select(r => _voters.VoteAsync(article, r)));

        Assert.All(votes, v => Assert.Equal((HttpStatusCode.OK, true), (v.Status, v.Voted)));
        Assert.Equal(Readers, votes.Max(v => v.Count));
        Assert.Equal(Readers, votes.Select(v => v.Count).Distinct().Count());
        Assert.Equal(Readers, (await _voters.GetAsync(article)).Count);
        Assert.Equal(Readers, await _voters.ArticleVotesAsync(article, expected: Readers));
        Assert.Equal(Readers, await Eventually.GetAsync(() => _voters.TrendingVotesAsync(article), votes => votes == Readers));

        var leaving = readers.Take(Readers / 2).ToList();
        var retractions = await Task.WhenAll(leaving.SelectMany(r => Enumerable.Repeat(r, Attempts)).Select(r => _voters.RetractAsync(article, r)));

        Assert.All(retractions, v => Assert.Equal((HttpStatusCode.OK, false), (v.Status, v.Voted)));
        Assert.Equal(Readers / 2, retractions.Min(v => v.Count));
        Assert.Equal(Readers / 2, (await _voters.GetAsync(article)).Count);
        Assert.Equal(Readers / 2, await _voters.ArticleVotesAsync(article, expected: Readers / 2));
        Assert.Equal(Readers / 2, await Eventually.GetAsync(() => _voters.TrendingVotesAsync(article), votes => votes == Readers / 2));
        foreach (var stayed in readers.Skip(Readers / 2))
        {
            Assert.True((await _voters.GetAsync(article, stayed)).Voted);
        }
    }

    public void Dispose() => _voters.Dispose();
}
