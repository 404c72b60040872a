namespace Watcher.Tests.Reliability;

/// <summary>
/// The load and kill tests run after the parallel tests, one at a time: the load test's
/// throughput is quoted and must be the daemon's, not what other test classes left of 2 cores;
/// the kill test aims at moments a few milliseconds long (a model's save) through file events,
/// which a starved test process would see late.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
