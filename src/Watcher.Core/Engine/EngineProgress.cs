namespace Watcher.Core.Engine;

// Reported as each stage of a clustering run starts, so a terminal or a log can show where a
// long run is.
public readonly record struct EngineProgress(string Stage, int StageNumber, int StageCount);
