using System.Globalization;

namespace Watcher.Benchmarks;

// "--name value" pairs plus positional values: enough for the timing commands, which are run
// from a script, without pulling a parser library into the benchmark project.
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _named;

    private BenchArguments(Dictionary<string, string> named, List<string> positional)
    {
        _named = named;
        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }

            named[args[i][2..]] = args[++i];
        }

        return new BenchArguments(named, positional);
    }

    public string Text(string name) =>
        _named.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) =>
        _named.TryGetValue(name, out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _named.TryGetValue(name, out string? value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
