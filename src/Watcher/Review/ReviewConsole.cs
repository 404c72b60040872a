using Spectre.Console;

namespace Watcher.Review;

/// <summary>How a line of the review is meant: terminals colour them, piped output stays plain text.</summary>
internal enum Tone
{
    Plain,
    Heading,
    Done,
    Problem,
    Hint,
}

/// <summary>
/// The review's dialogue: lines out, answers in. Spectre's prompts need a real console, so piped
/// input (tests, scripts) goes through <see cref="PlainReviewConsole"/>, which reads lines itself.
/// </summary>
internal interface IReviewConsole
{
    void Line(string text, Tone tone = Tone.Plain);

    /// <summary>The answer to the prompt, or null when the input has ended.</summary>
    Task<string?> AskAsync(string prompt, CancellationToken ct);
}

internal static class ReviewConsole
{
    /// <summary>A Spectre prompt on a terminal; plain lines when either end is redirected.</summary>
    public static IReviewConsole ForProcess() =>
        Console.IsInputRedirected || Console.IsOutputRedirected
            ? new PlainReviewConsole(Console.In, Console.Out)
            : new TerminalReviewConsole(AnsiConsole.Console, Console.Out);
}

/// <summary>
/// Reads answers line by line and echoes each after its prompt, so the output of a piped session
/// reads as a transcript of what was asked and answered.
/// </summary>
internal sealed class PlainReviewConsole(TextReader input, TextWriter output) : IReviewConsole
{
    public void Line(string text, Tone tone = Tone.Plain) => output.WriteLine(text);

    public async Task<string?> AskAsync(string prompt, CancellationToken ct)
    {
        await output.WriteAsync($"{prompt} ").ConfigureAwait(false);
        var line = await input.ReadLineAsync(ct).ConfigureAwait(false);
        await output.WriteLineAsync(line ?? "(end of input)").ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        return line;
    }
}

/// <summary>Colours and Spectre's line editing for a person at a terminal.</summary>
internal sealed class TerminalReviewConsole(IAnsiConsole console, TextWriter output) : IReviewConsole
{
    public void Line(string text, Tone tone = Tone.Plain)
    {
        // Plain lines (mostly paths) bypass Spectre: it wraps at the window width by inserting line
        // breaks, and a path copied from the screen must come out whole.
        if (tone == Tone.Plain)
        {
            output.WriteLine(text);
            return;
        }
        var style = tone switch
        {
            Tone.Heading => "bold",
            Tone.Done => "green",
            Tone.Problem => "red",
            _ => "grey",
        };
        console.MarkupLine($"[{style}]{Markup.Escape(text)}[/]");
    }

    public async Task<string?> AskAsync(string prompt, CancellationToken ct)
    {
        var question = new TextPrompt<string>($"[bold]{Markup.Escape(prompt)}[/]").AllowEmpty();
        return await question.ShowAsync(console, ct).ConfigureAwait(false);
    }
}
