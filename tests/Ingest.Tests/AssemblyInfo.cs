using Publishing.Testing;

[assembly: AssemblyFixture(typeof(BrokerFixture))]
