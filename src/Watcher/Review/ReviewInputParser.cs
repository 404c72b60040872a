using System.Globalization;

namespace Watcher.Review;

/// <summary>What a person typed at the unknown-queue prompt.</summary>
internal abstract record QueueCommand
{
    private QueueCommand()
    {
    }

    /// <summary>Enter: the next page.</summary>
    public sealed record Next : QueueCommand;

    /// <summary>q, or the end of piped input.</summary>
    public sealed record Quit : QueueCommand;

    /// <summary>?: the full help.</summary>
    public sealed record Help : QueueCommand;

    /// <summary>`1,3-5 dogs`: the images with these page numbers (1-based, ascending) filed under the name.</summary>
    public sealed record File(IReadOnlyList<int> Numbers, string Name) : QueueCommand;

    /// <summary>`i 2,4`: the images with these page numbers set aside for good.</summary>
    public sealed record Ignore(IReadOnlyList<int> Numbers) : QueueCommand;

    /// <summary>Not understood; the message says why, in a sentence for the person.</summary>
    public sealed record Invalid(string Message) : QueueCommand;
}

/// <summary>What a person typed when asked to name a cluster.</summary>
internal abstract record ClusterAnswer
{
    private ClusterAnswer()
    {
    }

    public sealed record Skip : ClusterAnswer;

    public sealed record Quit : ClusterAnswer;

    public sealed record Help : ClusterAnswer;

    /// <summary>The name as typed (trimmed, outer quotes dropped); the daemon decides whether it is a valid folder name.</summary>
    public sealed record Name(string Value) : ClusterAnswer;
}

/// <summary>
/// Parses the review prompts' input. Pure, so every rule is tested without a daemon; a null line is
/// the end of piped input and always means quit, so a script that runs out of lines ends the review
/// instead of hanging.
/// </summary>
internal static class ReviewInputParser
{
    public static ClusterAnswer ParseClusterAnswer(string? line)
    {
        if (line is null) return new ClusterAnswer.Quit();
        var text = line.Trim();
        return text.ToLowerInvariant() switch
        {
            "" => new ClusterAnswer.Skip(),
            "q" or "quit" => new ClusterAnswer.Quit(),
            "?" or "help" => new ClusterAnswer.Help(),
            _ => new ClusterAnswer.Name(Unquote(text)),
        };
    }

    /// <param name="line">The line typed, or null at the end of input.</param>
    /// <param name="pageCount">Images on the page shown, numbered 1..pageCount.</param>
    public static QueueCommand ParseQueueCommand(string? line, int pageCount)
    {
        if (line is null) return new QueueCommand.Quit();
        var text = line.Trim();
        switch (text.ToLowerInvariant())
        {
            case "":
                return new QueueCommand.Next();
            case "q" or "quit":
                return new QueueCommand.Quit();
            case "?" or "h" or "help":
                return new QueueCommand.Help();
            case "i" or "ignore":
                return new QueueCommand.Invalid("Say which images to ignore, like: i 2,4");
        }

        if ((StartsWithWord(text, "ignore") ? "ignore" : StartsWithWord(text, "i") ? "i" : null) is { } word)
        {
            var (selection, extra) = SplitSelection(text[word.Length..].Trim());
            if (extra.Length > 0) return new QueueCommand.Invalid($"Ignore takes numbers only, like: i 2,4 (not '{extra}').");
            return ParseNumbers(selection, pageCount, out var ignored) is { } error
                ? new QueueCommand.Invalid(error)
                : new QueueCommand.Ignore(ignored);
        }

        if (!char.IsAsciiDigit(text[0]) && text[0] != '*')
        {
            return new QueueCommand.Invalid($"'{text}' is not a command. Type ? for help.");
        }

        var (numbers, name) = SplitSelection(text);
        if (ParseNumbers(numbers, pageCount, out var picked) is { } problem) return new QueueCommand.Invalid(problem);
        var unquoted = Unquote(name);
        return unquoted.Length == 0
            ? new QueueCommand.Invalid($"Give a name after the numbers, like: {numbers} dogs")
            : new QueueCommand.File(picked, unquoted);
    }

    /// <summary>
    /// Splits `1, 3 - 5 golden dogs` into the numbers and the rest. Whitespace belongs to the numbers only
    /// beside a ',' or '-', so a name may start with a digit (`1 2024 photos` files image 1 as "2024 photos").
    /// </summary>
    internal static (string Selection, string Remainder) SplitSelection(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var next = i;
            while (next < text.Length && char.IsWhiteSpace(text[next])) next++;
            var joins = text[i - 1] is ',' or '-' || (next < text.Length && text[next] is ',' or '-');
            if (!joins) break;
            i = next;
        }
        return (text[..i].Trim(), text[i..].Trim());
    }

    /// <summary>`*`, or numbers and ranges separated by commas; null when they are all on the page, else why not.</summary>
    internal static string? ParseNumbers(string selection, int pageCount, out IReadOnlyList<int> numbers)
    {
        numbers = [];
        if (selection.Length == 0) return "Give the numbers of the images, like: 1,3-5";
        if (selection == "*")
        {
            numbers = Enumerable.Range(1, pageCount).ToList();
            return pageCount == 0 ? "There are no images on this page." : null;
        }

        var picked = new SortedSet<int>();
        foreach (var raw in selection.Split(','))
        {
            var part = raw.Trim();
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? part : part[..dash].Trim();
            var last = dash < 0 ? part : part[(dash + 1)..].Trim();
            if (!IsNumber(first) || !IsNumber(last))
            {
                return $"'{part}' is not a number or a range (like 3 or 3-5).";
            }
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from < 1 || from > pageCount)
            {
                return OffPage(first, pageCount);
            }
            if (!int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to) || to < 1 || to > pageCount)
            {
                return OffPage(last, pageCount);
            }
            if (to < from) return $"The range {part} runs backwards; write {to}-{from}.";
            for (var n = from; n <= to; n++) picked.Add(n);
        }
        numbers = [.. picked];
        return null;
    }

    private static string OffPage(string number, int pageCount) =>
        pageCount == 0 ? "There are no images on this page." : $"There is no image {number} on this page (1-{pageCount}).";

    private static bool IsNumber(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static bool StartsWithWord(string text, string word) =>
        text.Length > word.Length && text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && char.IsWhiteSpace(text[word.Length]);

    // People quote names with spaces out of shell habit; the quotes are not part of the name.
    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0], text[^1]) is ('"', '"') or ('\'', '\'') ? text[1..^1].Trim() : text;
}
