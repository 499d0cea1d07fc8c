using CsCheck;
using Publishing.Contracts;
using Publishing.Voting.Domain;

namespace Publishing.Voting.Tests;

/// <summary>The voting rules without a store: every adapter saves what these decide.</summary>
public sealed class Deciding_what_a_ballot_does
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly CatalogueEntry Open = VoteRules.Published(CatalogueEntry.Unseen, Noon);

    private static Ballot Cast(string reader, int minutes = 0) => new Ballot.Cast(Id, reader, Noon.AddMinutes(minutes));
    private static Ballot Retraction(string reader, int minutes = 0) => new Ballot.Retraction(Id, reader, Noon.AddMinutes(minutes));

    [Fact]
    public void Should_count_a_first_vote_and_give_it_the_next_sequence()
    {
        var decision = Assert.IsType<BallotDecision.Record>(VoteRules.Decide(Open with { Votes = 4, Sequence = 9 }, null, Cast("reader-a", 3)));

        Assert.Equal(new VoteCast(Id, "reader-a", 5, 10, Noon.AddMinutes(3)), decision.Event);
        Assert.Equal(new VoteTally.Counted(Id, 5, Voted: true), decision.Tally);
    }

    [Fact]
    public void Should_count_a_reader_once()
    {
        var decision = VoteRules.Decide(Open with { Votes = 4, Sequence = 9 }, Noon, Cast("reader-a", 3));

        Assert.Equal(new BallotDecision.Unchanged(new VoteTally.Counted(Id, 4, Voted: true)), decision);
    }

    [Fact]
    public void Should_take_a_vote_back_with_the_time_it_was_cast()
    {
        var decision = Assert.IsType<BallotDecision.Remove>(VoteRules.Decide(Open with { Votes = 4, Sequence = 9 }, Noon.AddMinutes(1), Retraction("reader-a", 7)));

        Assert.Equal(new VoteRetracted(Id, "reader-a", 3, 10, Noon.AddMinutes(1), Noon.AddMinutes(7)), decision.Event);
        Assert.Equal(new VoteTally.Counted(Id, 3, Voted: false), decision.Tally);
    }

    [Fact]
    public void Should_change_nothing_for_a_retraction_without_a_vote()
    {
        Assert.Equal(new BallotDecision.Unchanged(new VoteTally.Counted(Id, 4, Voted: false)), VoteRules.Decide(Open with { Votes = 4 }, null, Retraction("reader-a")));
    }

    [Fact]
    public void Should_answer_withdrawn_to_a_vote_or_retraction_for_a_withdrawn_article_even_one_never_published()
    {
        var withdrawn = VoteRules.Withdrawn(Open with { Votes = 4 }, Noon);
        var neverPublished = VoteRules.Withdrawn(CatalogueEntry.Unseen, Noon);

        Assert.IsType<VoteTally.Withdrawn>(Assert.IsType<BallotDecision.Unchanged>(VoteRules.Decide(withdrawn, null, Cast("reader-a"))).Tally);
        Assert.IsType<VoteTally.Withdrawn>(Assert.IsType<BallotDecision.Unchanged>(VoteRules.Decide(withdrawn, Noon, Retraction("reader-a"))).Tally);
        Assert.IsType<VoteTally.Withdrawn>(Assert.IsType<BallotDecision.Unchanged>(VoteRules.Decide(neverPublished, null, Cast("reader-a"))).Tally);
    }

    [Fact]
    public void Should_answer_unknown_for_an_article_not_published_yet()
    {
        Assert.IsType<VoteTally.Unknown>(VoteRules.Decide(null, null, Cast("reader-a")).Tally);
        Assert.IsType<VoteTally.Unknown>(VoteRules.Decide(CatalogueEntry.Unseen with { Votes = 2 }, null, Cast("reader-a")).Tally);
    }

    [Fact]
    public void Should_keep_the_earliest_publication_and_withdrawal_whatever_order_and_repeats_they_come_in()
    {
        var events = Gen.Select(Gen.Bool, Gen.Int[0, 100]).Select((published, minutes) => (Published: published, Minutes: minutes)).List[0, 10];
        Gen.Select(events, Gen.Int).Sample((heard, seed) =>
        {
            static CatalogueEntry Catalogue(IEnumerable<(bool Published, int Minutes)> heard) => heard.Aggregate(CatalogueEntry.Unseen, (entry, e) => e.Published
                ? VoteRules.Published(entry, Noon.AddMinutes(e.Minutes))
                : VoteRules.Withdrawn(entry, Noon.AddMinutes(e.Minutes)));
            var random = new Random(seed);
            var shuffledWithRepeats = heard.Concat(heard.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next()).ToList();

            var entry = Catalogue(heard);
            Assert.Equal(entry, Catalogue(shuffledWithRepeats));
            Assert.Equal(heard.Where(e => e.Published).Select(e => (DateTimeOffset?)Noon.AddMinutes(e.Minutes)).Min(), entry.PublishedAt);
            Assert.Equal(heard.Where(e => !e.Published).Select(e => (DateTimeOffset?)Noon.AddMinutes(e.Minutes)).Min(), entry.WithdrawnAt);
        });
    }

    [Fact]
    public void Should_count_the_readers_whose_last_ballot_is_a_vote_and_number_every_change()
    {
        var ballots = Gen.Select(Gen.Bool, Gen.Int[0, 5]).Select((cast, reader) => cast ? Cast($"reader-{reader}") : Retraction($"reader-{reader}")).List[0, 40];
        ballots.Sample(sequence =>
        {
            var entry = Open;
            var votes = new Dictionary<string, DateTimeOffset>();
            var changes = 0;
            foreach (var ballot in sequence)
            {
                var decision = VoteRules.Decide(entry, votes.TryGetValue(ballot.ReaderId, out var at) ? at : null, ballot);
                switch (decision)
                {
                    case BallotDecision.Record record:
                        votes[ballot.ReaderId] = record.Event.CastAt;
                        changes++;
                        Assert.Equal(changes, record.Event.Sequence);
                        break;
                    case BallotDecision.Remove remove:
                        votes.Remove(ballot.ReaderId);
                        changes++;
                        Assert.Equal(changes, remove.Event.Sequence);
                        break;
                }
                entry = VoteRules.Evolve(entry, decision);
                Assert.Equal(votes.Count, entry.Votes);
            }
            var lastBallots = sequence.GroupBy(b => b.ReaderId).Count(reader => reader.Last() is Ballot.Cast);
            Assert.Equal(lastBallots, entry.Votes);
        });
    }
}
