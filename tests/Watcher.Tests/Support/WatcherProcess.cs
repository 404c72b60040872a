using System.Diagnostics;

namespace Watcher.Tests.Support;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs the real built `watcher` (copied beside the tests) as a child process.</summary>
public static class WatcherProcess
{
    /// <summary>Runs it to the end; <paramref name="input"/>, when given, is written to its stdin, which is then closed (as `printf ... | watcher` does).</summary>
    public static async Task<ProcessResult> RunAsync(
        IEnumerable<string> args, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null, string? input = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "watcher.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["WATCHER_MODELS_DIR"] = SharedData.ModelsDir;
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"watcher {string.Join(' ', args)} did not finish; stdout so far: {await stdout}; stderr so far: {await stderr}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
