using System.Globalization;
using System.Text;

namespace Watcher.Service.Sorting;

/// <summary>
/// Unicode canonical composition (NFC, Unicode Standard Annex #15). The build runs with
/// InvariantGlobalization, where string.Normalize returns its input unchanged; yet "é" typed as
/// e + U+0301 (as macOS file names and some keyboards give it) must name the same folder as the
/// one-character "é". The data is nfc-table.txt, made by nfc-table.py from Unicode's own tables.
/// </summary>
internal static class Nfc
{
    // Hangul syllables are composed by arithmetic (the Unicode Standard, section 3.12).
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<Tables> Data = new(Tables.Load);

    /// <summary>The NFC form of well-formed text (a lone surrogate becomes U+FFFD: callers refuse those first).</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Nothing below U+0300 decomposes or combines with what precedes it: the common case costs one scan.
        if (!text.AsSpan().ContainsAnyInRange('\u0300', char.MaxValue))
        {
            return text;
        }

        var points = new List<int>(text.Length + 4);
        foreach (Rune rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, points);
        }

        Reorder(points);
        Compose(points);
        var composed = new StringBuilder(text.Length);
        foreach (int point in points)
        {
            composed.Append(new Rune(point).ToString());
        }

        return composed.ToString();
    }

    private static void Decompose(int point, List<int> into)
    {
        int s = point - SBase;
        if (s is >= 0 and < SCount)
        {
            into.Add(LBase + (s / NCount));
            into.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                into.Add(TBase + (s % TCount));
            }

            return;
        }

        if (Data.Value.Decompositions.TryGetValue(point, out int[]? parts))
        {
            foreach (int part in parts)
            {
                Decompose(part, into);
            }

            return;
        }

        into.Add(point);
    }

    // Canonical order: each run of combining marks sorted by class, marks of one class keeping their order.
    private static void Reorder(List<int> points)
    {
        for (int i = 1; i < points.Count; i++)
        {
            int mark = Class(points[i]);
            for (int j = i; mark != 0 && j > 0 && Class(points[j - 1]) > mark; j--)
            {
                (points[j - 1], points[j]) = (points[j], points[j - 1]);
            }
        }
    }

    // A mark joins the last starter unless a mark of the same or a higher class stands between them.
    private static void Compose(List<int> points)
    {
        int starter = -1;
        int lastClass = 256;
        int write = 0;
        for (int read = 0; read < points.Count; read++)
        {
            // write <= read: the list is compacted in place.
            int point = points[read];
            int mark = Class(point);
            if (starter >= 0 && (lastClass < mark || lastClass == 0) && Pair(points[starter], point) is { } composite)
            {
                points[starter] = composite;
                continue;
            }

            if (mark == 0)
            {
                starter = write;
            }

            lastClass = mark;
            points[write++] = point;
        }

        points.RemoveRange(write, points.Count - write);
    }

    private static int? Pair(int first, int second)
    {
        int l = first - LBase, v = second - VBase;
        if (l is >= 0 and < LCount && v is >= 0 and < VCount)
        {
            return SBase + (((l * VCount) + v) * TCount);
        }

        int s = first - SBase, t = second - TBase;
        if (s is >= 0 and < SCount && s % TCount == 0 && t is > 0 and < TCount)
        {
            return first + t;
        }

        return Data.Value.Compositions.TryGetValue(((long)first << 21) | (uint)second, out int pair) ? pair : null;
    }

    private static int Class(int point) => Data.Value.Classes.GetValueOrDefault(point);

    private sealed record Tables(Dictionary<int, int[]> Decompositions, Dictionary<long, int> Compositions, Dictionary<int, int> Classes)
    {
        public static Tables Load()
        {
            var tables = new Tables([], [], []);
            using Stream stream = typeof(Nfc).Assembly.GetManifestResourceStream("nfc-table.txt")
                ?? throw new InvalidOperationException("This build lacks nfc-table.txt; see nfc-table.py.");
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith('#') || line.Length == 0)
                {
                    continue;
                }

                int mapping = line.IndexOfAny(['=', '>']);

                if (mapping < 0)
                {
                    // "0300-0314 230": a range of marks with one combining class.
                    string[] range = line.Split('-', ' ');
                    for (int point = Hex(range[0]); point <= Hex(range[1]); point++)
                    {
                        tables.Classes[point] = int.Parse(range[2], CultureInfo.InvariantCulture);
                    }

                    continue;
                }

                int key = Hex(line[..mapping]);
                int[] parts = line[(mapping + 1)..].Split(' ').Select(Hex).ToArray();
                tables.Decompositions[key] = parts;
                if (line[mapping] == '=')
                {
                    tables.Compositions[((long)parts[0] << 21) | (uint)parts[1]] = key;
                }
            }

            return tables;
        }

        private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
