using CsCheck;
using Publishing.Ranking.Domain;
using Publishing.Ranking.Storage;
using static Publishing.Ranking.Tests.Articles;

namespace Publishing.Ranking.Tests;

/// <summary>The Ranking rules without a store: every adapter saves what these decide.</summary>
public sealed class Deciding_what_a_change_does
{
    private static readonly Guid Id = Guid.NewGuid();

    private static RankingChange Revision(int revision) => new RankingChange.Article(Snapshot(id: Id, revision: revision, headline: $"Revision {revision}"));
    private static RankingChange Withdrawal(int minutes) => new RankingChange.Withdrawal(Id, Noon.AddMinutes(minutes));
    private static ReaderVote Vote(long sequence, bool standing, int castMinutes = 0) => new(Id, "reader-a", sequence, Noon.AddMinutes(castMinutes), standing);

    private static ArticleState Run(IEnumerable<RankingChange> changes) =>
        changes.Aggregate(ArticleState.Unseen, (state, change) => RankingRules.Evolve(state, RankingRules.Decide(state, change)));

    [Fact]
    public void Should_keep_a_newer_revision_only()
    {
        Assert.IsType<RankingDecision.KeepArticle>(RankingRules.Decide(ArticleState.Unseen, Revision(1)));
        Assert.IsType<RankingDecision.KeepArticle>(RankingRules.Decide(new ArticleState(1, false), Revision(2)));
        Assert.IsType<RankingDecision.Unchanged>(RankingRules.Decide(new ArticleState(2, false), Revision(2)));
        Assert.IsType<RankingDecision.Unchanged>(RankingRules.Decide(new ArticleState(2, false), Revision(1)));
    }

    [Fact]
    public void Should_keep_no_revision_of_a_withdrawn_article_and_withdraw_once()
    {
        Assert.IsType<RankingDecision.Unchanged>(RankingRules.Decide(new ArticleState(0, true), Revision(5)));
        Assert.Equal(new RankingDecision.Withdraw(Id, Noon), RankingRules.Decide(new ArticleState(3, false), Withdrawal(0)));
        Assert.IsType<RankingDecision.Unchanged>(RankingRules.Decide(new ArticleState(3, true), Withdrawal(0)));
    }

    [Fact]
    public void Should_keep_a_vote_change_newer_than_the_one_stored()
    {
        Assert.Equal(new RankingDecision.KeepVote(Vote(1, true)), RankingRules.Decide(null, Vote(1, true)));
        Assert.Equal(new RankingDecision.KeepVote(Vote(2, false)), RankingRules.Decide(Vote(1, true), Vote(2, false)));
        Assert.Equal(new RankingDecision.KeepVote(Vote(3, true, 5)), RankingRules.Decide(Vote(2, false), Vote(3, true, 5)));
    }

    [Fact]
    public void Should_change_nothing_for_a_vote_that_arrives_after_its_retraction_or_twice()
    {
        Assert.IsType<RankingDecision.Unchanged>(RankingRules.Decide(Vote(2, false), Vote(1, true)));
        Assert.IsType<RankingDecision.Unchanged>(RankingRules.Decide(Vote(1, true), Vote(1, true)));
    }

    private static readonly Gen<RankingChange> AnyChange = Gen.Frequency((4, Gen.Int[1, 6].Select(Revision)), (1, Gen.Int[0, 9].Select(Withdrawal)));

    [Fact]
    public void Should_end_in_the_same_article_whatever_order_and_repeats_the_changes_arrive_in()
    {
        Gen.Select(AnyChange.List[0, 10], Gen.Int).Sample((changes, seed) =>
        {
            var random = new Random(seed);
            var shuffled = changes.Concat(changes.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next()).ToList();
            var withdrawn = changes.OfType<RankingChange.Withdrawal>().Any();

            var state = Run(changes);
            Assert.Equal(withdrawn, state.Withdrawn);
            Assert.Equal(withdrawn, Run(shuffled).Withdrawn);
            if (!withdrawn)
            {
                Assert.Equal(changes.OfType<RankingChange.Article>().Select(a => a.Snapshot.Revision).DefaultIfEmpty(0).Max(), state.Revision);
                Assert.Equal(state, Run(shuffled));
            }
        });
    }

    [Fact]
    public void Should_leave_the_newest_vote_change_whatever_order_and_repeats_the_changes_arrive_in()
    {
        // The count changes of one reader alternate: a vote (odd sequence), its retraction (even), a vote again...
        Gen.Select(Gen.Int[1, 8], Gen.Int).Sample((changes, seed) =>
        {
            var random = new Random(seed);
            var votes = Enumerable.Range(1, changes).Select(sequence => Vote(sequence, standing: sequence % 2 == 1, castMinutes: (sequence + 1) / 2)).ToList();
            var arriving = votes.Concat(votes.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next()).ToList();

            ReaderVote? stored = null;
            foreach (var vote in arriving)
            {
                if (RankingRules.Decide(stored, vote) is RankingDecision.KeepVote kept)
                {
                    Assert.True(stored is null || kept.Vote.Sequence > stored.Sequence);
                    stored = kept.Vote;
                }
            }
            Assert.Equal(votes[^1], stored);
        });
    }
}
