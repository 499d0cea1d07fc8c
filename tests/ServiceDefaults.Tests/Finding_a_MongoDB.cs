using Publishing.Testing;

namespace Publishing.ServiceDefaults.Tests;

/// <summary>The fixture behind every store's MongoDB runs: it must say why a server cannot be used rather than hang or pass.</summary>
public sealed class Finding_a_MongoDB
{
    [Fact]
    public async Task Should_say_that_a_server_which_does_not_answer_does_not_answer()
    {
        var problem = await MongoFixture.ProblemWithAsync("mongodb://127.0.0.1:1/?directConnection=true", "MONGODB_URI", TimeSpan.FromSeconds(1));

        Assert.NotNull(problem);
        Assert.StartsWith("The MongoDB at MONGODB_URI does not answer", problem);
    }

    [Fact]
    public async Task Should_say_that_an_address_which_is_not_a_MongoDB_one_cannot_be_used()
    {
        var problem = await MongoFixture.ProblemWithAsync("http://127.0.0.1:27017", "MONGODB_URI", TimeSpan.FromSeconds(1));

        Assert.NotNull(problem);
        Assert.StartsWith("The MongoDB at MONGODB_URI cannot be used", problem);
    }

    [Fact]
    public void Should_give_each_run_a_database_prefix_of_its_own_that_MongoDB_accepts()
    {
        var prefixes = new[] { new MongoFixture().DatabasePrefix, new MongoFixture().DatabasePrefix };

        Assert.NotEqual(prefixes[0], prefixes[1]);
        // Database names: no / \ . " $ * < > : | ? or space, and under 64 bytes with the service's name and a test's suffix.
        Assert.All(prefixes, prefix => Assert.Matches("^[a-z0-9-]{1,20}$", prefix));
    }
}
