using System.Text.Json;
using Microsoft.Playwright;
using Watcher.Tests.Support;
using Xunit.Abstractions;

namespace Watcher.Tests.Web;

// The review page as a person uses it: a real `watcher run` on real photos, the page in Debian's
// Chromium, every action done by clicks and keys, and each result checked on disk afterwards.
public sealed class ReviewPageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Minutes3 = TimeSpan.FromMinutes(3);
    private const string Held = "n03888257"; // parachute: held back until after the bootstrap, so the queue has unknowns
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_person_names_a_cluster_and_files_unknowns_in_the_page_and_the_disk_follows()
    {
        var all = SharedData.Sample(SharedData.Imagenette, 25);
        var known = all.Where(i => i.Label != Held).ToList();
        var held = all.Where(i => i.Label == Held).ToList();
        var labelOf = all.ToDictionary(i => Path.GetFileName(i.Path), i => i.Label);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200,
            new Dictionary<string, string> { ["Recluster:AfterNewImages"] = "0" });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        using var api = daemon.Client();
        Drop(known, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => Placed(s) == known.Count, Minutes3, "the bootstrap");
        Drop(held, daemon.Inbox);
        var status = await daemon.WaitForStatusAsync(s => Placed(s) == all.Count, Minutes3, "the held-back class filed");
        DaemonProcess.Count(status, "unknown").Should().BeGreaterThan(1, "a class never seen lands in the review queue");

        await using var chromium = await ChromiumSession.LaunchAsync();
        var page = await ReviewPageDriver.OpenAsync(chromium.Browser, daemon.Port, daemon.Token!);
        page.Page.Url.Should().NotContain("token=", "the daemon moves the token into a cookie and out of the address bar");
        (await page.TestId("status-state").TextContentAsync()).Should().Contain("sorting");
        // Each path is printed as soon as the picture exists, so a failure later still points at them.
        async Task Shot(string name, bool fullPage = true) => output.WriteLine($"screenshot: {await page.ScreenshotAsync(name, fullPage)}");

        await page.ShowTabAsync("clusters");
        await page.WaitForImagesAsync("[data-testid=cluster-thumb] img");
        (await page.TestId("cluster-card").CountAsync()).Should().Be((await api.Get("clusters")).GetArrayLength(), "one card per cluster");
        await Shot("review-1-clusters");

        await page.ShowTabAsync("unknowns");
        await page.WaitForImagesAsync("[data-testid=unknown-thumb] img");
        await Shot("review-2-unknowns");

        await page.ShowTabAsync("pictures");
        await page.Page.Locator("[data-testid=map-canvas][data-points]").WaitForAsync();
        (await page.TestId("map-canvas").GetAttributeAsync("data-points")).Should().Be(all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.TestId("selection-chosen").WaitForAsync();
        await page.TestId("activity-svg").WaitForAsync();
        await Shot("review-3-pictures");

        await page.Page.Keyboard.PressAsync("?");
        await page.TestId("help-overlay").WaitForAsync();
        await Shot("review-4-help", fullPage: false);
        await page.Page.Keyboard.PressAsync("Escape");

        string name = await NameTheFirstClusterByKeyboard(page, daemon, labelOf);
        await Shot("review-5-named");
        await FileUnknownsByClicks(page, daemon, api, name);
        await Shot("review-6-unknowns-after");

        page.Problems.Where(p => !p.Contains("/label", StringComparison.Ordinal)).Should()
            .BeEmpty("the page loads, acts and reloads without a script error or a failed request (the refused name aside)");
        await daemon.StopAsync();
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    // Keyboard only: 1 for the tab, the focused card, Enter to name it, Enter to save.
    private static async Task<string> NameTheFirstClusterByKeyboard(ReviewPageDriver page, DaemonProcess daemon, Dictionary<string, string> labelOf)
    {
        await page.Page.Keyboard.PressAsync("1");
        var card = page.TestId("cluster-card").First;
        string id = (await card.GetAttributeAsync("data-cluster-id"))!;
        string folder = (await card.GetAttributeAsync("data-folder"))!;
        (await card.GetAttributeAsync("data-name")).Should().BeEmpty("unnamed clusters come first");
        folder.Should().StartWith("cluster-");
        string oldFolder = Path.Combine(daemon.Output, folder);
        var files = Directory.GetFiles(oldFolder).Select(Path.GetFileName).ToList();
        files.Should().NotBeEmpty();
        // Named as a person would: after what most of its pictures show.
        string name = files.GroupBy(f => labelOf[f!]).MaxBy(g => g.Count())!.Key;

        await page.Page.Keyboard.PressAsync("ArrowRight");
        (await page.Page.EvaluateAsync<string>("() => document.activeElement.dataset.clusterId")).Should().Be(id, "the arrow keys focus the cards");
        await page.Page.Keyboard.PressAsync("Enter");
        await page.TestId("cluster-name-input").WaitForAsync();
        // A name the daemon refuses: the person reads the daemon's own sentence, and nothing moves.
        await page.Page.Keyboard.TypeAsync("_mine");
        await page.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.TestId("toast-error").Last).ToContainTextAsync("cannot be used as a name");
        Directory.GetFiles(oldFolder).Should().HaveCount(files.Count);

        await page.TestId("cluster-name-input").FillAsync(name);
        await page.Page.Keyboard.PressAsync("Enter");
        string toast = await page.ToastAsync($"moved to output/{name}");
        toast.Should().Contain($"{files.Count} images moved");

        Directory.Exists(oldFolder).Should().BeFalse($"{folder} is renamed, not copied");
        Directory.GetFiles(Path.Combine(daemon.Output, name)).Select(Path.GetFileName).Should().BeEquivalentTo(files, "the cluster's files now live under its name");
        var named = page.Page.Locator($"[data-testid=cluster-card][data-cluster-id='{id}'] [data-testid=cluster-name]");
        await Assertions.Expect(named).ToHaveTextAsync(name); // the card shows the new name after the reload
        return name;
    }

    // Mouse: pick one unknown and file it under the name just given (a chip), then another under a typed new name.
    private static async Task FileUnknownsByClicks(ReviewPageDriver page, DaemonProcess daemon, DaemonClientForTests api, string name)
    {
        await page.ShowTabAsync("unknowns");
        var thumbs = page.TestId("unknown-thumb");
        await thumbs.First.WaitForAsync();
        var first = await Unknown(thumbs.Nth(0));
        var second = await Unknown(thumbs.Nth(1));
        File.Exists(first.Path).Should().BeTrue("the page shows where the queue's files are");
        Path.GetFileName(Path.GetDirectoryName(first.Path)).Should().Be("_unknown");

        await Thumb(page, first.Id).ClickAsync();
        await Assertions.Expect(page.TestId("selection-count")).ToHaveTextAsync("1 selected");
        await page.TestId("assign-chip").Filter(new LocatorFilterOptions { HasText = name }).ClickAsync();
        await page.ToastAsync($"1 image filed in output/{name}");
        await ExpectFiled(daemon, api, first, name);
        await Assertions.Expect(Thumb(page, first.Id)).ToHaveCountAsync(0); // the queue reloads without the filed picture

        const string NewName = "filed by hand";
        await Thumb(page, second.Id).ClickAsync();
        await page.TestId("assign-name-input").FillAsync(NewName);
        await page.TestId("assign-name-input").PressAsync("Enter");
        await page.ToastAsync($"1 image filed in output/{NewName}");
        await ExpectFiled(daemon, api, second, NewName);
    }

    private static ILocator Thumb(ReviewPageDriver page, string id) => page.Page.Locator($"[data-testid=unknown-thumb][data-image-id='{id}']");

    private static async Task<(string Id, string Path)> Unknown(ILocator thumb) =>
        ((await thumb.GetAttributeAsync("data-image-id"))!, (await thumb.GetAttributeAsync("data-path"))!);

    private static async Task ExpectFiled(DaemonProcess daemon, DaemonClientForTests api, (string Id, string Path) image, string name)
    {
        string moved = Path.Combine(daemon.Output, name, Path.GetFileName(image.Path));
        File.Exists(moved).Should().BeTrue($"{image.Path} was filed under {name}");
        File.Exists(image.Path).Should().BeFalse("moved, not copied");
        JsonElement record = await api.Get($"images/{image.Id}");
        record.GetProperty("status").GetString().Should().Be("filed");
        record.GetProperty("folder").GetString().Should().Be(name);
        record.GetProperty("pinned").GetBoolean().Should().BeTrue("filed by hand, so re-clustering leaves it there");
    }

    private static int Placed(JsonElement s) =>
        DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown") + DaemonProcess.Count(s, "rejected");

    private static void Drop(IEnumerable<(string Path, string Label)> images, string inbox)
    {
        Directory.CreateDirectory(inbox);
        foreach (var (path, _) in images) File.Copy(path, Path.Combine(inbox, Path.GetFileName(path)));
    }
}
