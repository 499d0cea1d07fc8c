using System.Runtime.InteropServices;
using Publishing.Ranking.Trending;

namespace Publishing.Ranking.Recommendations;

/// <summary>
/// Recommendations for one reader, computed when asked, so they never lag a vote. Three signals, each scaled to
/// [0, 1] over the candidates and blended:
/// <list type="bullet">
/// <item>item-to-item co-votes: for each article the reader voted for, the articles its other voters also voted for,
/// each path weighted <c>1/(√voters(a) · voters(b)^d)</c>: with d = 0.5 the sum is the cosine similarity of the two
/// articles' voter sets (Linden et al., "Amazon.com recommendations: item-to-item collaborative filtering", 2003);
/// a smaller d (<see cref="RecommendationOptions.PopularityDamping"/>) divides less of b's popularity out;</item>
/// <item>content: the related-articles neighbours of what the reader voted for — by meaning and words where the
/// articles have embeddings — by similarity;</item>
/// <item>where articles have embeddings, closeness in meaning to the mean of the reader's votes;</item>
/// <item>a trending prior.</item>
/// </list>
/// The work is in <see cref="Interest"/>, which reads a snapshot of the vote graph and the neighbour lists copied for
/// the request, so it runs outside the model's lock; <see cref="Blend"/> adds the trending prior and the closeness to the reader's centre under it, for a few
/// hundred candidates at most. Never an article the reader voted for, never a withdrawn one; a reader without votes
/// gets trending.
/// </summary>
public static class Recommender
{
    public readonly record struct Recommended(Guid Id, double Score);

    /// <summary>A candidate with its co-vote and content signals, weighted and scaled; the trending prior comes later.</summary>
    public readonly record struct Candidate(Guid Id, double Interest);

    /// <summary>The articles the request looks at: the reader's newest votes, bounded whatever the reader did.</summary>
    public static List<Guid> Recent(string readerId, RecommendationOptions options, VoteGraph.View votes) =>
        votes.NewestVotesOf(readerId).Take(options.MaxReaderVotes).ToList();

    /// <summary>
    /// Co-votes and content for every article they reach, best first, at most <paramref name="limit"/> plus
    /// <see cref="RecommendationOptions.TrendingCandidates"/>: more could not beat the trending candidates on
    /// the prior alone. Every walk reads the newest few of a list kept newest first, so the work is bounded by the
    /// options, whatever the number of votes of an article or a reader.
    /// </summary>
    public static List<Candidate> Interest(
        string readerId, int limit, RecommendationOptions options, VoteGraph.View votes,
        IReadOnlyList<Guid> recent, IReadOnlyList<IReadOnlyList<(Guid Id, double Similarity)>> neighboursOfRecent)
    {
        bool Voted(Guid article) => votes.Voted(readerId, article);
        var coVotes = new Dictionary<Guid, double>();
        foreach (var article in recent)
        {
            var own = votes.Count(article);
            foreach (var coVoter in votes.NewestVotersOf(article).Take(options.MaxCoVoters + 1))
            {
                if (coVoter == readerId)
                {
                    continue;
                }
                foreach (var other in votes.NewestVotesOf(coVoter).Take(options.MaxVotesPerCoVoter))
                {
                    if (!Voted(other))
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(coVotes, other, out _) += 1 / (Math.Sqrt(own) * Math.Pow(votes.Count(other), options.PopularityDamping));
                    }
                }
            }
        }

        var content = new Dictionary<Guid, double>();
        foreach (var neighbours in neighboursOfRecent)
        {
            foreach (var (id, similarity) in neighbours)
            {
                if (!Voted(id))
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(content, id, out _) += similarity;
                }
            }
        }

        var maxCoVotes = Max(coVotes.Values);
        var maxContent = Max(content.Values);
        return coVotes.Keys.Union(content.Keys)
            .Select(id => new Candidate(id,
                options.CoVoteWeight * coVotes.GetValueOrDefault(id) / maxCoVotes +
                options.ContentWeight * content.GetValueOrDefault(id) / maxContent))
            .OrderByDescending(c => c.Interest)
            .ThenBy(c => c.Id)
            .Take(limit + options.TrendingCandidates)
            .ToList();
    }

    /// <summary>The candidates and the trending articles, with the trending prior added, best first; run under the model's lock.</summary>
    public static IEnumerable<Recommended> Blend(
        string readerId, int limit, DateTimeOffset now, RecommendationOptions options, VoteGraph.View votes,
        IReadOnlyList<Candidate> candidates, TrendingBoard trending, Func<Guid, bool> listed, Func<Guid, double?> profile)
    {
        var interest = candidates.Where(c => listed(c.Id)).ToDictionary(c => c.Id, c => c.Interest);
        foreach (var (id, _) in trending.Top(null, now).Where(t => !votes.Voted(readerId, t.Id) && listed(t.Id)).Take(options.TrendingCandidates + limit))
        {
            interest.TryAdd(id, 0);
        }
        var trend = interest.Keys.ToDictionary(id => id, id => trending.Score(id, now));
        var maxTrend = Max(trend.Values);
        var centre = interest.Keys.ToDictionary(id => id, id => Math.Max(0, profile(id) ?? 0));
        var maxCentre = Max(centre.Values);
        return interest
            .Select(c => new Recommended(c.Key,
                c.Value + options.TrendingWeight * trend[c.Key] / maxTrend + options.ProfileWeight * centre[c.Key] / maxCentre))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Id)
            .Take(limit);
    }

    /// <summary>The largest value, or 1 when there is none, so that an absent signal scales to zero without dividing by it.</summary>
    private static double Max(IEnumerable<double> values)
    {
        var max = values.DefaultIfEmpty(0).Max();
        return max > 0 ? max : 1;
    }
}
