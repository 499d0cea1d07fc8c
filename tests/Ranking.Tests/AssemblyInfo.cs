using Publishing.Testing;

[assembly: AssemblyFixture(typeof(BrokerFixture))]
[assembly: AssemblyFixture(typeof(MongoFixture))]

namespace Publishing.Ranking.Tests
{
    /// <summary>
    /// Ranking services in process on the assembly's broker consume from the same queues: test classes that start them
    /// run one after the other, or one class's services would take the other's events.
    /// </summary>
    [CollectionDefinition(OnTheBroker)]
    public static class RankingServices
    {
        public const string OnTheBroker = "Ranking services on the broker";
    }
}
