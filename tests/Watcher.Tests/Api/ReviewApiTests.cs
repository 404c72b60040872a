using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watcher.Tests.Support;

namespace Watcher.Tests.Api;

// The review actions and the token gate of docs/api.md, against a real daemon: every action is
// checked on disk, and at the end the catalog must agree with the disk.
public sealed class ReviewApiTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Review_actions_move_the_files_feed_the_model_and_keep_the_catalog_true()
    {
        await using var daemon = await StartSortedAsync(unseen: 120);
        using var api = daemon.Client();

        // Merge: cluster 1's images join cluster 0's folder and its own folder goes away.
        var clusters = (await api.Get("clusters")).EnumerateArray().ToList();
        clusters.Should().HaveCountGreaterThan(2);
        var first = clusters[0];
        var second = clusters[1];
        first.GetProperty("samples").GetArrayLength().Should().BeGreaterThan(0);
        var merged = await api.Post($"clusters/{second.GetProperty("id")}/merge", new { into = first.GetProperty("id").GetInt32() });
        merged.GetProperty("folder").GetString().Should().Be(first.GetProperty("folder").GetString());
        Directory.Exists(Path.Combine(daemon.Output, second.GetProperty("folder").GetString()!)).Should().BeFalse();
        var after = (await api.Get("clusters")).EnumerateArray().ToList();
        after.Should().HaveCount(clusters.Count - 1, "clusters that share a folder are shown as one");
        after[0].GetProperty("merged").EnumerateArray().Select(e => e.GetInt32()).Should().Contain(second.GetProperty("id").GetInt32());
        var page = await api.Get($"clusters/{first.GetProperty("id")}/images?limit=1000");
        page.GetProperty("total").GetInt32().Should().Be(Directory.GetFiles(Path.Combine(daemon.Output, first.GetProperty("folder").GetString()!)).Length);

        // Split the merged cluster again: new folders appear, and every file moved is on disk where the catalog says.
        var split = await api.Post($"clusters/{first.GetProperty("id")}/split", null);
        var parts = split.GetProperty("parts").EnumerateArray().Select(e => e.GetInt32()).ToList();
        parts.Should().HaveCountGreaterThan(1);
        split.GetProperty("moved").GetInt32().Should().BeGreaterThan(0);

        // The review queue: name two unknowns as a new kind, set one aside, group the rest.
        var unknowns = await api.Get("unknowns?limit=3");
        unknowns.GetProperty("total").GetInt32().Should().BeGreaterThan(20, "120 photos of unseen classes leave many unlike every cluster");
        var ids = unknowns.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var version = (await api.Get("status")).GetProperty("model_version").GetInt32();
        var assigned = await api.Post("assign", new { images = ids.Take(2), name = "odd caf\u00E9" });
        assigned.GetProperty("created").GetBoolean().Should().BeTrue("no cluster had that name");
        foreach (var image in assigned.GetProperty("images").EnumerateArray())
        {
            image.GetProperty("folder").GetString().Should().Be("odd caf\u00E9");
            File.Exists(image.GetProperty("path").GetString()).Should().BeTrue();
        }

        (await api.Get("status")).GetProperty("model_version").GetInt32().Should().Be(version + 1, "the new name became a cluster of the model");
        (await api.Get("clusters")).EnumerateArray().Should().Contain(c => c.GetProperty("name").GetString() == "odd caf\u00E9");

        var ignored = await api.Post("unknowns/ignore", new { images = new[] { ids[2].ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        ignored.GetProperty("ignored").GetInt32().Should().Be(1);
        Directory.GetFiles(Path.Combine(daemon.Output, "_ignored")).Should().ContainSingle();

        int queued = (await api.Get("unknowns")).GetProperty("total").GetInt32();
        var grouped = await api.Post("unknowns/group", null);
        var groups = grouped.GetProperty("groups").EnumerateArray().ToList();
        groups.Should().NotBeEmpty();
        grouped.GetProperty("left").GetInt32().Should().Be(queued - groups.Sum(g => g.GetProperty("size").GetInt32()));
        foreach (var g in groups)
            Directory.GetFiles(Path.Combine(daemon.Output, g.GetProperty("folder").GetString()!)).Should().HaveCount(g.GetProperty("size").GetInt32());

        // A name that differs from an existing one only by case, typed decomposed (e + U+0301, as
        // macOS gives it) and with no-break spaces, takes the existing spelling: one folder on every OS.
        var same = await api.Post($"clusters/{groups[0].GetProperty("cluster")}/label", new { name = "\u00A0ODD CAFE\u0301 " });
        same.GetProperty("name").GetString().Should().Be("odd caf\u00E9");
        Directory.GetDirectories(daemon.Output).Select(Path.GetFileName).Should().Contain("odd caf\u00E9")
            .And.NotContain(d => d!.StartsWith("ODD", StringComparison.Ordinal) || d.Contains('\u0301', StringComparison.Ordinal));

        (await daemon.StopAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10));
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    [Fact]
    public async Task Pictures_thumbnails_and_files_are_served_by_id_only()
    {
        await using var daemon = await StartSortedAsync(unseen: 0);
        using var api = daemon.Client();
        var image = (await api.Get("clusters")).EnumerateArray().First().GetProperty("samples")[0];
        long id = image.GetProperty("id").GetInt64();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{daemon.Port}/") };
        http.DefaultRequestHeaders.Add("X-Watcher-Token", daemon.Token);

        var thumb = await http.GetAsync($"api/images/{id}/thumb");
        thumb.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        (await thumb.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal(0xFF, 0xD8);
        Directory.GetFiles(Path.Combine(daemon.Data, "thumbs"), "*.jpg", SearchOption.AllDirectories).Should().ContainSingle("made once, kept");
        var file = await http.GetByteArrayAsync($"api/images/{id}/file");
        file.Should().Equal(await File.ReadAllBytesAsync(image.GetProperty("path").GetString()!));
        (await http.GetAsync("api/images/999999/file")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.GetAsync("api/images/..%2F..%2Fetc%2Fpasswd/file")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Ids may be numbers; a body that cannot be read is refused with the reason.
        var one = await http.PostAsJsonAsync("api/assign", new { image = id, name = "by number" });
        one.StatusCode.Should().Be(HttpStatusCode.OK, await one.Content.ReadAsStringAsync());
        var garbled = await http.PostAsync("api/assign", new StringContent("{\"images\": [1,", System.Text.Encoding.UTF8, "application/json"));
        garbled.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await garbled.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().Should().Contain("could not be read");

        var map = await api.Get("map");
        var status = await api.Get("status");
        map.GetProperty("points").GetArrayLength().Should().Be(DaemonProcess.Count(status, "filed") + DaemonProcess.Count(status, "unknown"));
        var selection = await api.Get("selection");
        selection.GetProperty("points").GetArrayLength().Should().BeGreaterThan(1);
        selection.GetProperty("chosen").GetInt32().Should().BeInRange(0, selection.GetProperty("points").GetArrayLength() - 1);
        var activity = await api.Get("activity");
        activity.GetProperty("points").EnumerateArray().Sum(p => p.GetProperty("added").GetInt32()).Should().Be(200);
    }

    // The API says why a name is refused, as FolderNames does (its own tests hold the whole table;
    // one daemon serves these rows), and nothing is made on disk: the name is checked first.
    [Fact]
    public async Task A_name_that_cannot_be_a_folder_is_refused_with_the_reason_as_400()
    {
        var table = new (string Name, string Reason)[]
        {
            ("CON", "reserved device name"), ("NUL.tar.gz", "reserved device name"), ("../outside", "cannot contain"),
            (".hidden", "hidden"), ("\u202Egpj.exe", "U+202E"), ("dogs\u200B", "U+200B"), ("trailing.", "end with '.'"),
            ("_unknown", "Watcher's own folders"), (new string('\u732B', 86), "255 bytes"), (new string('a', 100_000), "at most 100"),
        };
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200);
        await daemon.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{daemon.Port}/api/") };
        http.DefaultRequestHeaders.Add("X-Watcher-Token", daemon.Token);
        foreach (var (name, reason) in table)
        {
            foreach (var (path, body) in new (string, object)[] { ("clusters/1/label", new { name }), ("assign", new { image = 1, name }), ("assign", new { images = new[] { 1 }, name }) })
            {
                using var answer = await http.PostAsJsonAsync(path, body);
                string text = await answer.Content.ReadAsStringAsync();
                answer.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{path}: {text}");
                JsonDocument.Parse(text).RootElement.GetProperty("error").GetString().Should().Contain(reason).And.Contain("cannot be used as a name");
                text.Length.Should().BeLessThan(1000, "a refusal does not echo a huge name");
            }
        }

        (Directory.Exists(daemon.Output) ? Directory.GetFileSystemEntries(daemon.Output) : []).Should().BeEmpty();
    }

    // 200 imagenette photos bootstrap the model; then photos of classes it never saw.
    private async Task<DaemonProcess> StartSortedAsync(int unseen)
    {
        var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200, new Dictionary<string, string> { ["Recluster:AfterNewImages"] = "0" });
        await daemon.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API");
        Directory.CreateDirectory(daemon.Inbox);
        foreach (var (path, _) in SharedData.Sample(SharedData.Imagenette, 20))
            File.Copy(path, Path.Combine(daemon.Inbox, Path.GetFileName(path)));
        await daemon.WaitForStatusAsync(s => DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown") == 200, TimeSpan.FromMinutes(3), "bootstrap");
        foreach (var f in Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).Take(unseen))
            File.Copy(f, Path.Combine(daemon.Inbox, Path.GetFileName(f)));
        await daemon.WaitForStatusAsync(s => DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown") == 200 + unseen,
            TimeSpan.FromMinutes(3), "all filed");
        return daemon;
    }
}
