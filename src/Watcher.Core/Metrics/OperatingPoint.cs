namespace Watcher.Core.Metrics;

// A detector setting: items scoring at or above Threshold are flagged. Threshold is +∞ when
// nothing may be flagged.
public readonly record struct OperatingPoint(double Threshold, double Recall, double FalsePositiveRate);
