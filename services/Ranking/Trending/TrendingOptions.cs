namespace Publishing.Ranking.Trending;

/// <summary>
/// What trending weighs (configuration section <c>Ranking:Trending</c>). News goes stale in hours: with a six-hour
/// half-life a vote cast this morning counts half by the afternoon and a sixteenth by the next morning, so the list
/// turns over within a day while one busy hour does not swamp it.
/// </summary>
public sealed record TrendingOptions
{
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromHours(6);

    public double VoteWeight { get; init; } = 1.0;

    /// <summary>
    /// What publication is worth, in votes cast at that moment: a new article starts on the list, above older ones
    /// with as many votes, and needs readers to stay there.
    /// </summary>
    public double PublicationWeight { get; init; } = 2.0;
}
