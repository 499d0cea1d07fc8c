using Publishing.Browser.Tests;

[assembly: AssemblyFixture(typeof(DemoSystem))]
[assembly: AssemblyFixture(typeof(BrowserFixture))]
// One system and one browser for the assembly; the 2-core machine runs the pages' tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
