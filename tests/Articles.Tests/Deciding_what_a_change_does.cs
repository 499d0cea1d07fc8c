using CsCheck;
using Publishing.Articles.Domain;
using Publishing.Contracts;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>The article rules without a store: every adapter saves what these decide.</summary>
public sealed class Deciding_what_a_change_does
{
    private static readonly Guid Id = Guid.NewGuid();

    private static ArticleChange Submission(int revision) => new ArticleChange.Submission(Revision(Id, revision));
    private static ArticleChange Withdrawal(int minutes) => new ArticleChange.Withdrawal(Submissions.Withdrawal(Id) with { WithdrawnAt = Noon.AddMinutes(minutes) });
    private static ArticleChange Count(long count, long sequence) => new ArticleChange.VoteCount(Id, count, sequence);

    private static ArticleState Run(IEnumerable<ArticleChange> changes) =>
        changes.Aggregate(ArticleState.Unseen, (state, change) => ArticleRules.Evolve(state, ArticleRules.Decide(state, change)));

    /// <summary>What a reader can see of the state: 410, or the revision served and the count.</summary>
    private static (bool Withdrawn, int Revision, long Votes) Seen(ArticleState state) =>
        (state.Withdrawn, state.Withdrawn ? 0 : state.Revision, state.Votes);

    [Fact]
    public void Should_publish_the_first_revision_and_revise_with_a_newer_one()
    {
        var first = Assert.IsType<ArticleDecision.Serve>(ArticleRules.Decide(ArticleState.Unseen, Submission(1)));
        Assert.False(first.Replaces);
        Assert.Equal(1, first.Snapshot.Revision);
        Assert.DoesNotContain("<p>", first.Snapshot.Text);

        var second = Assert.IsType<ArticleDecision.Serve>(ArticleRules.Decide(ArticleState.Unseen with { Revision = 1 }, Submission(3)));
        Assert.True(second.Replaces);
    }

    [Fact]
    public void Should_publish_a_revision_of_an_article_known_only_by_its_votes()
    {
        var decision = Assert.IsType<ArticleDecision.Serve>(ArticleRules.Decide(new ArticleState(0, null, 4, 5), Submission(1)));
        Assert.False(decision.Replaces);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Should_change_nothing_for_a_revision_not_newer_than_the_one_served(int late)
    {
        Assert.IsType<ArticleDecision.Unchanged>(ArticleRules.Decide(ArticleState.Unseen with { Revision = 3 }, Submission(late)));
    }

    [Fact]
    public void Should_serve_no_revision_of_a_withdrawn_article_even_one_never_seen()
    {
        var withdrawn = ArticleState.Unseen with { WithdrawnAt = Noon };
        Assert.IsType<ArticleDecision.Unchanged>(ArticleRules.Decide(withdrawn, Submission(1)));
        Assert.IsType<ArticleDecision.Unchanged>(ArticleRules.Decide(withdrawn with { Revision = 2 }, Submission(9)));
    }

    [Fact]
    public void Should_withdraw_once_and_keep_the_first_withdrawal()
    {
        var withdraw = Assert.IsType<ArticleDecision.Withdraw>(ArticleRules.Decide(ArticleState.Unseen, Withdrawal(5)));
        Assert.Equal(new ArticleWithdrawn(Id, Noon.AddMinutes(5)), withdraw.Event);

        var state = ArticleRules.Evolve(ArticleState.Unseen, withdraw);
        Assert.IsType<ArticleDecision.Unchanged>(ArticleRules.Decide(state, Withdrawal(1)));
        Assert.Equal(Noon.AddMinutes(5), state.WithdrawnAt);
    }

    [Fact]
    public void Should_keep_a_count_of_a_withdrawn_article_and_only_a_newer_one()
    {
        var withdrawn = new ArticleState(2, Noon, 4, 5);
        Assert.Equal(new ArticleDecision.KeepCount(6, 7), ArticleRules.Decide(withdrawn, Count(6, 7)));
        Assert.IsType<ArticleDecision.Unchanged>(ArticleRules.Decide(withdrawn, Count(3, 5)));
        Assert.IsType<ArticleDecision.Unchanged>(ArticleRules.Decide(withdrawn, Count(3, 4)));
    }

    private static readonly Gen<ArticleChange> AnyChange = Gen.Frequency(
        (4, Gen.Int[1, 6].Select(Submission)),
        (1, Gen.Int[0, 30].Select(Withdrawal)),
        (3, Gen.Long[1, 8].Select(sequence => Count(sequence * 10, sequence))));

    [Fact]
    public void Should_end_in_the_same_state_when_a_change_comes_twice()
    {
        Gen.Select(AnyChange.List[0, 12], Gen.Int[0, 11]).Sample((changes, at) =>
        {
            var repeated = changes.ToList();
            if (repeated.Count > 0)
            {
                repeated.Insert(Math.Min(at, repeated.Count), repeated[at % repeated.Count]);
            }
            Assert.Equal(Seen(Run(changes)), Seen(Run(repeated)));
        });
    }

    [Fact]
    public void Should_show_readers_the_same_article_whatever_order_the_changes_arrive_in()
    {
        Gen.Select(AnyChange.List[0, 12], Gen.Int).Sample((changes, seed) =>
        {
            var random = new Random(seed);
            var shuffled = changes.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(Seen(Run(changes)), Seen(Run(shuffled)));
        });
    }

    [Fact]
    public void Should_serve_the_newest_revision_and_count_unless_withdrawn()
    {
        AnyChange.List[1, 12].Sample(changes =>
        {
            var state = Run(changes);
            var withdrawals = changes.OfType<ArticleChange.Withdrawal>().ToList();
            var counts = changes.OfType<ArticleChange.VoteCount>().ToList();
            Assert.Equal(withdrawals.Count > 0, state.Withdrawn);
            if (withdrawals.Count == 0)
            {
                Assert.Equal(changes.OfType<ArticleChange.Submission>().Select(s => s.Revision.Revision).DefaultIfEmpty(0).Max(), state.Revision);
            }
            Assert.Equal(counts.Select(c => c.Count).DefaultIfEmpty(0).Max(), state.Votes);
        });
    }
}
