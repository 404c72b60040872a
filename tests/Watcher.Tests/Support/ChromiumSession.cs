using Microsoft.Playwright;

namespace Watcher.Tests.Support;

/// <summary>
/// Playwright driving the machine's own Chromium (Debian's /usr/bin/chromium). Nothing here may
/// download a browser: CI machines have no internet, and `apt-get install -y chromium` is the one
/// supported way to get it (.ci/run does that).
/// </summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    public const string ExecutableVariable = "WATCHER_CHROMIUM";
    public const string DefaultExecutable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private ChromiumSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<ChromiumSession> LaunchAsync()
    {
        string executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } fromEnv ? fromEnv : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"Chromium not found at {executable}. Install Debian's package with `apt-get install -y chromium` (the tests never download " +
                $"a browser), or point {ExecutableVariable} at a Chromium binary.", executable);
        }

        IPlaywright playwright = await Playwright.CreateAsync();
        try
        {
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                // No sandbox: CI runs as root in a container. The rest keeps Chromium off the network
                // (which is not there) and quiet.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return new ChromiumSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
