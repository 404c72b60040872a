using BenchmarkDotNet.Running;
using Watcher.Benchmarks;

// A fit that takes seconds and is compared with another process (scikit-learn) does not fit
// BenchmarkDotNet's many-short-invocations model, so those timings are plain commands; anything
// else goes to BenchmarkDotNet as before:
//   dotnet run -c Release --project bench/Watcher.Benchmarks -- --filter '*' [--job short]
//   dotnet run -c Release --project bench/Watcher.Benchmarks -- kmeans --data <file.npy> [--k 20] [--restarts 4] [--repeat 3] [--seed 0] [--threads 0]
//   dotnet run -c Release --project bench/Watcher.Benchmarks -- kmeans-data --out <file.npy> [--rows 25000] [--sigma 0.02] [--seed 1] <real.npy>...
//   dotnet run -c Release --project bench/Watcher.Benchmarks -- engine --data <file.npy> [--repeat 3]
//   dotnet run -c Release --project bench/Watcher.Benchmarks -- seed-catalog --data <dir> --embeddings <file.npy> --encoder <id> --library <dir> [--chunk 5000]
// bench/cluster-speed.sh runs both k-means commands, the engine and scikit-learn and prints the comparison.
try
{
    return args.FirstOrDefault() switch
    {
        "kmeans" => KMeansTiming.Run(BenchArguments.Parse(args[1..])),
        "kmeans-data" => KMeansDataset.Run(BenchArguments.Parse(args[1..])),
        "engine" => EngineTiming.Run(BenchArguments.Parse(args[1..])),
        "seed-catalog" => SeedCatalog.Run(BenchArguments.Parse(args[1..])),
        _ => RunBenchmarkDotNet(args),
    };
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(DecoderComparison).Assembly).Run(args);
    return 0;
}
