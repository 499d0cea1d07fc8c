namespace Publishing.Ranking.Recommendations;

/// <summary>How recommendations blend their three signals (configuration section <c>Ranking:Recommendations</c>).</summary>
public sealed record RecommendationOptions
{
    /// <summary>Articles co-voted by readers who voted like this one: the strongest signal once readers vote.</summary>
    public double CoVoteWeight { get; init; } = 0.8;

    /// <summary>Articles similar in content to what the reader voted for: covers articles nobody co-voted yet.</summary>
    public double ContentWeight { get; init; } = 0.1;

    /// <summary>
    /// Closeness in meaning to everything the reader voted for at once (the mean of their votes' embeddings): a reader
    /// whose votes stray now and then still has a centre, which single co-votes and neighbour lists do not see. Zero
    /// where embeddings are off. With 20 % stray votes, 0.5 took the share of the top 10 in the reader's label from
    /// 67 % to 80 % for about one point of hit rate; 0.3 gave 78 % (services/Ranking/README.md).
    /// </summary>
    public double ProfileWeight { get; init; } = 0.5;

    /// <summary>What is trending now: breaks ties towards fresh, popular articles.</summary>
    public double TrendingWeight { get; init; } = 0.1;

    /// <summary>
    /// How much a co-voted article's own popularity is divided out of its co-votes: 0.5 would be the cosine of the two
    /// voter sets, which favours rarely voted articles; 0.2 keeps most of the crowd's judgement and found a held-out
    /// vote half again as often in the evaluation (services/Ranking/README.md), with no loss of focus.
    /// </summary>
    public double PopularityDamping { get; init; } = 0.2;

    /// <summary>The reader's votes looked at, newest first: bounds the work for a reader who votes a lot.</summary>
    public int MaxReaderVotes { get; init; } = 50;

    /// <summary>Co-voters read per voted article, newest first, and votes read per co-voter.</summary>
    public int MaxCoVoters { get; init; } = 200;
    public int MaxVotesPerCoVoter { get; init; } = 100;

    /// <summary>Trending articles considered as candidates beyond those the other signals found.</summary>
    public int TrendingCandidates { get; init; } = 100;
}
