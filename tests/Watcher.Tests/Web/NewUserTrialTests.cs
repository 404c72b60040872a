using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Watcher.Tests.Support;
using Xunit.Abstractions;

namespace Watcher.Tests.Web;

// Issue 5's "done when", as a test: someone who has never seen Watcher drops a folder of photos,
// opens the link the daemon logs, names every cluster and clears the review queue in the page,
// and the folders on disk then match what the page shows. Names are what a person would type
// after looking at a cluster: what most of its pictures show (here, their true class).
public sealed partial class NewUserTrialTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Minutes3 = TimeSpan.FromMinutes(3);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_new_user_names_every_cluster_and_clears_the_queue_and_the_disk_matches_the_page()
    {
        var photos = SharedData.Sample(SharedData.Imagenette, 25).ToList();
        var unseen = Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).Take(40).Select(p => (Path: p, Label: "other")).ToList();
        var labelOf = photos.Concat(unseen).ToDictionary(p => Path.GetFileName(p.Path), p => p.Label);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200, new Dictionary<string, string> { ["Recluster:AfterNewImages"] = "0" });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Directory.CreateDirectory(daemon.Inbox);
        // The first folder bootstraps the clusters; photos of kinds it never saw come afterwards.
        foreach (var (path, _) in photos) File.Copy(path, Path.Combine(daemon.Inbox, Path.GetFileName(path)));
        await daemon.WaitForStatusAsync(s => DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown") == photos.Count, Minutes3, "the bootstrap");
        foreach (var (path, _) in unseen) File.Copy(path, Path.Combine(daemon.Inbox, Path.GetFileName(path)));
        var placed = await daemon.WaitForStatusAsync(
            s => DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown") == labelOf.Count, Minutes3, "all photos placed");
        DaemonProcess.Count(placed, "unknown").Should().BeGreaterThan(10, "photos of kinds never seen wait in the review queue");

        // The link exactly as the log prints it.
        Match link = ReviewLink().Match(daemon.Log);
        link.Success.Should().BeTrue("the daemon logs the review page's address with its token");
        link.Groups["port"].Value.Should().Be(daemon.Port.ToString(CultureInfo.InvariantCulture));
        await using var chromium = await ChromiumSession.LaunchAsync();
        var page = await ReviewPageDriver.OpenAsync(chromium.Browser, daemon.Port, link.Groups["token"].Value);
        async Task Shot(string name) => output.WriteLine($"screenshot: {await page.ScreenshotAsync(name)}");
        await page.ShowTabAsync("clusters");
        await page.WaitForImagesAsync("[data-testid=cluster-thumb] img");
        await Shot("trial-1-first-look");

        int named = await NameEveryClusterAsync(page, daemon, labelOf);
        named.Should().BeGreaterThan(5);
        await Shot("trial-2-every-cluster-named");

        // The queue: group it, name the groups, then file what is left under one name.
        await page.ShowTabAsync("unknowns");
        await page.TestId("group-button").ClickAsync();
        await page.TestId("confirm-ok").ClickAsync();
        await page.ToastAsync("review queue");
        await page.ShowTabAsync("clusters");
        await NameEveryClusterAsync(page, daemon, labelOf);
        await page.ShowTabAsync("unknowns");
        bool leftOver = false;
        while (await page.TestId("unknown-thumb").CountAsync() > 0)
        {
            leftOver = true;
            await page.TestId("unknowns-select-all").ClickAsync();
            await page.TestId("assign-name-input").FillAsync("looked at, unsorted");
            await page.TestId("assign-name-input").PressAsync("Enter");
            await page.ToastAsync("looked at, unsorted");
            await page.Page.Locator("#view-unknowns[data-loaded=true]").WaitForAsync();
        }

        await page.TestId("unknowns-empty").WaitForAsync();
        await Shot("trial-3-queue-cleared");
        await page.ShowTabAsync("clusters");
        await Shot("trial-4-final-clusters");

        // What the page shows is what is on disk: each card's folder holds exactly the pictures the
        // card's "All images" lists, nothing is left unnamed or unknown, and no folder is unaccounted for.
        using var api = daemon.Client();
        var status = await api.Get("status");
        DaemonProcess.Count(status, "unknown").Should().Be(0);
        var cards = page.TestId("cluster-card");
        var folders = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < await cards.CountAsync(); i++)
        {
            var card = cards.Nth(i);
            string folder = (await card.GetAttributeAsync("data-folder"))!;
            (await card.GetAttributeAsync("data-name")).Should().Be(folder, "every cluster has a name, and its folder is the name");
            var listed = await api.Get($"clusters/{await card.GetAttributeAsync("data-cluster-id")}/images?limit=500");
            var paths = listed.GetProperty("images").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
            Directory.GetFiles(Path.Combine(daemon.Output, folder)).Should().BeEquivalentTo(paths, $"the page's {folder} is the disk's");
            folders.Add(folder);
        }

        var onDisk = Directory.GetDirectories(daemon.Output).Select(Path.GetFileName).Where(f => Directory.EnumerateFiles(Path.Combine(daemon.Output, f!)).Any());
        // Pictures filed by hand under a name no cluster had make a cluster of that name too.
        onDisk.Should().BeEquivalentTo(leftOver ? folders.Append("looked at, unsorted").Distinct() : folders, "every non-empty folder is a card on the page");
        page.Problems.Should().BeEmpty();
        await daemon.StopAsync();
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    // Each unnamed card gets the name most of its pictures deserve; the list reloads after each
    // name (two clusters given one name become one card), so it is read again every time.
    private static async Task<int> NameEveryClusterAsync(ReviewPageDriver page, DaemonProcess daemon, Dictionary<string, string> labelOf)
    {
        int named = 0;
        while (true)
        {
            var card = page.Page.Locator("[data-testid=cluster-card][data-name='']").First;
            if (await card.CountAsync() == 0)
            {
                return named;
            }

            string folder = (await card.GetAttributeAsync("data-folder"))!;
            string name = Directory.GetFiles(Path.Combine(daemon.Output, folder)).Select(f => labelOf[Path.GetFileName(f)])
                .GroupBy(l => l).MaxBy(g => g.Count())!.Key;
            await card.GetByTestId("cluster-rename").ClickAsync();
            await page.TestId("cluster-name-input").FillAsync(name);
            await page.TestId("cluster-name-input").PressAsync("Enter");
            await page.ToastAsync($"output/{name}");
            await page.Page.Locator($"[data-testid=cluster-card][data-folder='{folder}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            named++;
        }
    }

    [GeneratedRegex(@"Review page: http://127\.0\.0\.1:(?<port>\d+)/\?token=(?<token>[A-Za-z0-9_-]+)")]
    private static partial Regex ReviewLink();
}
