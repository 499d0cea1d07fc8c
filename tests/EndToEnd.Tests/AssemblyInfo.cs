using Publishing.Testing;

[assembly: AssemblyFixture(typeof(SystemFixture))]
// One system for the assembly; tests that kill processes must not overlap with the others.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
