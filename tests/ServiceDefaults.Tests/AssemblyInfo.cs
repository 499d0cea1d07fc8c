using Publishing.Testing;

[assembly: AssemblyFixture(typeof(MongoFixture))]
