using System.Runtime.InteropServices;
using Publishing.Ranking.Related;
using Publishing.Ranking.Trending;

namespace Publishing.Ranking.Recommendations;

/// <summary>
/// Recommendations for one reader, computed when asked from the current graph, index and board, so they never lag
/// a vote. Three signals, each scaled to [0, 1] over the candidates and blended:
/// <list type="bullet">
/// <item>item-to-item co-votes: for each article the reader voted for, the articles its other voters also voted for,
/// each path weighted <c>1/(√voters(a) · voters(b)^d)</c>: with d = 0.5 the sum is the cosine similarity of the two
/// articles' voter sets (Linden et al., "Amazon.com recommendations: item-to-item collaborative filtering", 2003);
/// a smaller d (<see cref="RecommendationOptions.PopularityDamping"/>) divides less of b's popularity out;</item>
/// <item>content: the related-articles neighbours of what the reader voted for, by similarity;</item>
/// <item>a trending prior.</item>
/// </list>
/// Never an article the reader voted for, never a withdrawn one; a reader without votes gets trending.
/// </summary>
public static class Recommender
{
    public readonly record struct Recommended(Guid Id, double Score);

    public static IEnumerable<Recommended> Recommend(
        string readerId, int limit, DateTimeOffset now, RecommendationOptions options,
        VoteGraph votes, SimilarityIndex related, TrendingBoard trending, Func<Guid, bool> listed)
    {
        if (votes.CountOf(readerId) == 0)
        {
            return trending.Top(null, now).Where(t => listed(t.Id)).Take(limit).Select(t => new Recommended(t.Id, t.Score));
        }
        bool Voted(Guid article) => votes.Voted(readerId, article);
        // Every walk below reads the newest few of a list kept newest first: the work is bounded by the options,
        // whatever the number of votes of an article or a reader.
        var recent = votes.NewestVotesOf(readerId).Take(options.MaxReaderVotes).ToList();

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
        foreach (var article in recent)
        {
            foreach (var neighbour in related.Neighbours(article))
            {
                if (!Voted(neighbour.Id))
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(content, neighbour.Id, out _) += neighbour.Similarity;
                }
            }
        }

        var candidates = new HashSet<Guid>(coVotes.Keys);
        candidates.UnionWith(content.Keys);
        candidates.UnionWith(trending.Top(null, now).Where(t => !Voted(t.Id) && listed(t.Id)).Take(options.TrendingCandidates + limit).Select(t => t.Id));
        candidates.RemoveWhere(id => Voted(id) || !listed(id));

        var trend = candidates.ToDictionary(id => id, id => trending.Score(id, now));
        var maxCoVotes = Max(coVotes.Values);
        var maxContent = Max(content.Values);
        var maxTrend = Max(trend.Values);
        return candidates
            .Select(id => new Recommended(id,
                options.CoVoteWeight * coVotes.GetValueOrDefault(id) / maxCoVotes +
                options.ContentWeight * content.GetValueOrDefault(id) / maxContent +
                options.TrendingWeight * trend[id] / maxTrend))
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
