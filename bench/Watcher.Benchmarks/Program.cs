using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Watcher.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
