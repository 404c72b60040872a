using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Watcher.Tests.Web;

/// <summary>
/// The review page in a browser tab, driven through its data-testid hooks. It records what a
/// person would never see but a developer must: script errors, console errors and failed requests.
/// </summary>
public sealed class ReviewPageDriver
{
    private readonly ConcurrentQueue<string> _problems = new();

    private ReviewPageDriver(IPage page)
    {
        Page = page;
        page.PageError += (_, error) => _problems.Enqueue($"script error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error") _problems.Enqueue($"console error: {message.Text} ({message.Location})");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) _problems.Enqueue($"{response.Request.Method} {response.Url} -> {response.Status}");
        };
        page.RequestFailed += (_, request) => _problems.Enqueue($"{request.Method} {request.Url} failed: {request.Failure}");
    }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Problems => _problems.ToArray();

    public static string ScreenshotDir { get; } = Path.Combine(SharedData.RepoRoot, "TestResults", "screenshots");

    /// <summary>Opens the page as the daemon's log tells a person to: the address with the token.</summary>
    public static async Task<ReviewPageDriver> OpenAsync(IBrowser browser, int port, string token)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        // Two busy cores shared with a daemon that is filing: Playwright's 30 s default is tight.
        page.SetDefaultTimeout(60_000);
        var driver = new ReviewPageDriver(page);
        string address = $"http://127.0.0.1:{port}/?token={Uri.EscapeDataString(token)}";
        IResponse? response = null;
        try
        {
            response = await page.GotoAsync(address);
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"The browser could not open {address}: {ex.Message.Split('\n')[0]}; {await Probe(address)}", ex);
        }

        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"Opening {address} ended at {page.Url} with {response?.Status}; {await Probe(address)}");
        }

        await page.GetByTestId("status-state").Filter(new LocatorFilterOptions { HasNotText = "connecting" }).WaitForAsync();
        return driver;
    }

    // What the daemon answers to the page's address without a browser in the way: status, redirect and body.
    private static async Task<string> Probe(string address)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        using var answer = await http.GetAsync(new Uri(address));
        string body = await answer.Content.ReadAsStringAsync();
        return $"GET {address} answered {(int)answer.StatusCode} (Location: {answer.Headers.Location}) {body[..Math.Min(body.Length, 300)]}";
    }

    public ILocator TestId(string id) => Page.GetByTestId(id);

    public async Task ShowTabAsync(string tab)
    {
        await TestId($"tab-{tab}").ClickAsync();
        await Page.Locator($"#view-{tab}[data-loaded=true]").WaitForAsync();
    }

    /// <summary>Waits until every picture matched has arrived and decoded (a broken thumbnail has no width).</summary>
    public async Task WaitForImagesAsync(string selector)
    {
        await Page.Locator(selector).First.WaitForAsync();
        await Page.WaitForFunctionAsync(
            "sel => [...document.querySelectorAll(sel)].every(i => i.complete && i.naturalWidth > 0)", selector,
            new PageWaitForFunctionOptions { PollingInterval = 200 });
    }

    /// <summary>The text of the toast that appears next whose text contains <paramref name="containing"/>.</summary>
    public async Task<string> ToastAsync(string containing)
    {
        var toast = TestId("toast").Filter(new LocatorFilterOptions { HasText = containing }).Last;
        try
        {
            await toast.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        }
        catch (TimeoutException)
        {
            var errors = await TestId("toast-error").AllTextContentsAsync();
            throw new TimeoutException($"No toast saying '{containing}'; errors shown: [{string.Join(" | ", errors)}]; problems: [{string.Join(" | ", Problems)}]");
        }

        return await toast.TextContentAsync() ?? "";
    }

    /// <summary>
    /// Saves a screenshot under TestResults/screenshots/ and returns its path: the whole page, or only
    /// the window (an overlay covers only the window, so a whole-page picture would cut it off).
    /// </summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDir);
        string path = Path.Combine(ScreenshotDir, $"{name}.png");
        // Toasts come and go, so they would make the pictures differ from run to run,
        // and a scrolled page would put the sticky header in the middle of a full-page picture.
        await Page.EvaluateAsync("() => { document.querySelectorAll('.toast').forEach(t => t.remove()); window.scrollTo(0, 0); }");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }
}
