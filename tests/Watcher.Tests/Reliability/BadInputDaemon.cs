using System.Text.Json;
using Watcher.Tests.Support;

namespace Watcher.Tests.Reliability;

/// <summary>
/// One real daemon for the whole bad input matrix, bootstrapped on 200 imagenette photos, so each
/// case only pays for its own files. After the last case it is stopped and the catalog is checked
/// against the disk (a failure there fails the class).
/// </summary>
public sealed class BadInputDaemon : IAsyncLifetime, IDisposable
{
    public static readonly TimeSpan Minutes3 = TimeSpan.FromMinutes(3);
    private readonly TempFolder _temp = new();
    private readonly Dictionary<string, JsonElement> _byOriginalPath = new(StringComparer.Ordinal);
    private Queue<string> _fresh = new();
    private HttpClient? _http;
    private int _nextId = 1;

    public DaemonProcess Daemon { get; private set; } = null!;

    /// <summary>A folder beside the inbox, for files the inbox only links to.</summary>
    public string Outside => Path.Combine(_temp.Path, "outside");

    public async Task InitializeAsync()
    {
        var bootstrap = SharedData.Sample(SharedData.Imagenette, 20);
        var used = bootstrap.Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
        _fresh = new(SharedData.Sample(SharedData.Imagenette, 40).Select(i => i.Path).Where(p => !used.Contains(p)));
        Directory.CreateDirectory(Outside);
        // A young file that fails to decode is retried for YoungFileSeconds (a paused copy); 2 s
        // keeps that rule in play without making every bad case wait 30 s.
        Daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200, new Dictionary<string, string> { ["Ingest:YoungFileSeconds"] = "2" });
        await Daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Directory.CreateDirectory(Daemon.Inbox);
        foreach (var (path, _) in bootstrap) File.Copy(path, Path.Combine(Daemon.Inbox, Path.GetFileName(path)));
        await Daemon.WaitForStatusAsync(s => DaemonProcess.Placed(s) == 200, Minutes3, "the bootstrap on 200 photos");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Daemon.Port}/api/") };
        _http.DefaultRequestHeaders.Add("X-Watcher-Token", Daemon.Token);
    }

    /// <summary>A photo no other case and not the bootstrap used, so its bytes are nobody's copy.</summary>
    public string FreshPhoto() => _fresh.Dequeue();

    public string Drop(string relativePath, byte[] bytes)
    {
        string path = Path.Combine(Daemon.Inbox, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Waits until the catalog has a record for the file at this inbox path that is no longer waiting.</summary>
    public async Task<JsonElement> WaitPlacedAsync(string originalPath)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Minutes3)
        {
            Daemon.HasExited.Should().BeFalse($"the daemon keeps running:\n{Daemon.Log}");
            if (await FindAsync(originalPath) is { } image && image.GetProperty("status").GetString() != "waiting") return image;
            await Task.Delay(200);
        }

        throw new TimeoutException($"{originalPath} was never placed:\n{Daemon.Log}");
    }

    /// <summary>The latest record for the path, reading the records added since the last call (ids only grow).</summary>
    public async Task<JsonElement?> FindAsync(string originalPath)
    {
        // A record keeps changing until it is placed: re-read the one asked about.
        if (_byOriginalPath.TryGetValue(originalPath, out var known) && await GetAsync(known.GetProperty("id").GetInt64()) is { } fresh)
        {
            _byOriginalPath[originalPath] = fresh;
        }

        while (await GetAsync(_nextId) is { } image)
        {
            _byOriginalPath[image.GetProperty("original_path").GetString()!] = image;
            _nextId++;
        }

        return _byOriginalPath.TryGetValue(originalPath, out var found) ? found : null;
    }

    /// <summary>How many files under output/ and the inbox hold exactly these bytes.</summary>
    public int CopiesOf(byte[] bytes)
    {
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return DiskAudit.Shas(Daemon.Inbox, Daemon.Output).Count(s => s == sha);
    }

    // xunit calls this first, then Dispose, which removes the folders whatever happened here.
    public async Task DisposeAsync()
    {
        try
        {
            if (!Daemon.HasExited)
            {
                await Daemon.StopAsync();
                Daemon.ExitCode.Should().Be(0, Daemon.Log);
            }

            DiskAudit.CatalogAgreesWithDisk(Daemon.Data, Daemon.Output);
        }
        finally
        {
            await Daemon.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _temp.Dispose();
    }

    private async Task<JsonElement?> GetAsync(long id)
    {
        using var response = await _http!.GetAsync(new Uri($"images/{id}", UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        string text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
