using Publishing.Testing;

[assembly: AssemblyFixture(typeof(BrokerFixture))]
[assembly: AssemblyFixture(typeof(MongoFixture))]
