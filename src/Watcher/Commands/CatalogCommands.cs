using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Watcher.Commands;

/// <summary>
/// status, clusters, label, unknowns, assign, recluster: each one call to the running daemon.
/// With --json the daemon's JSON is printed as it came (one object or array); without, a short
/// table a person can read.
/// </summary>
public static class CatalogCommands
{
    public static IEnumerable<Command> Create(GlobalOptions global)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON to stdout." };

        var status = new Command("status", "What the daemon is doing: images by status, clusters, model version.") { json };
        status.SetAction((parse, ct) => Call(parse, global, json, c => c.GetAsync("status", ct), PrintStatus));

        var clusters = new Command("clusters", "Clusters of the current model with their names, folders and review images.") { json };
        clusters.SetAction((parse, ct) => Call(parse, global, json, c => c.GetAsync("clusters", ct), PrintClusters));

        var clusterId = new Argument<int>("cluster") { Description = "Cluster id (from `watcher clusters`)." };
        var name = new Argument<string>("name") { Description = "The name; it becomes the folder output/<name>/." };
        var label = new Command("label", "Name a cluster: its folder is renamed and what follows is filed under the name.") { clusterId, name, json };
        label.SetAction((parse, ct) => Call(parse, global, json,
            c => c.PostAsync($"clusters/{parse.GetValue(clusterId)}/label", new { name = parse.GetValue(name) }, ct),
            r => Console.WriteLine($"Cluster {r.GetProperty("cluster")} is now '{r.GetProperty("name").GetString()}': {r.GetProperty("moved")} images moved.")));

        var offset = new Option<int>("--offset") { Description = "Skip this many (the queue is ordered most unusual first).", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "Show at most this many.", DefaultValueFactory = _ => 100 };
        var unknowns = new Command("unknowns", "Images in the review queue (unlike every known cluster), most unusual first.") { offset, limit, json };
        unknowns.SetAction((parse, ct) => Call(parse, global, json,
            c => c.GetAsync(string.Create(CultureInfo.InvariantCulture, $"unknowns?offset={parse.GetValue(offset)}&limit={parse.GetValue(limit)}"), ct),
            PrintImages));

        var image = new Argument<string>("image") { Description = "Image id (from `watcher unknowns`) or its path." };
        var assignName = new Argument<string>("name") { Description = "The name to file it under." };
        var assign = new Command("assign", "File one image under a name by hand; re-clustering will not move it.") { image, assignName, json };
        assign.SetAction((parse, ct) => Call(parse, global, json,
            c => c.PostAsync("assign", new { image = ToAbsoluteIfPath(parse.GetValue(image)!), name = parse.GetValue(assignName) }, ct),
            r => Console.WriteLine($"{r.GetProperty("original_path").GetString()} -> {r.GetProperty("path").GetString()}")));

        var wait = new Option<bool>("--wait") { Description = "Wait for the re-clustering to finish and print what it did." };
        var recluster = new Command("recluster", "Cluster everything again now (in the background unless --wait).") { wait, json };
        recluster.SetAction((parse, ct) => Call(parse, global, json,
            c => c.PostAsync(parse.GetValue(wait) ? "recluster?wait=true" : "recluster", null, ct),
            r => Console.WriteLine(r.TryGetProperty("version", out var v)
                ? $"Model version {v}: {r.GetProperty("clusters")} clusters ({r.GetProperty("proposed")} new), {r.GetProperty("refiled")} images re-filed."
                : "Re-clustering queued; `watcher status` shows when it is done.")));

        return [status, clusters, label, unknowns, assign, recluster];
    }

    private static async Task<int> Call(ParseResult parse, GlobalOptions global, Option<bool> json, Func<DaemonClient, Task<JsonElement>> call, Action<JsonElement> print)
    {
        var (_, settings) = CommandContext.LoadSettings(parse, global);
        using var client = DaemonClient.Connect(settings);
        try
        {
            JsonElement result = await call(client).ConfigureAwait(false);
            if (parse.GetValue(json)) Console.WriteLine(result.GetRawText());
            else print(result);
            return 0;
        }
        catch (Exception ex) when (ex is DaemonUnavailableException or DaemonRequestException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    // A relative path means the caller's working directory, not the daemon's.
    private static string ToAbsoluteIfPath(string image) => long.TryParse(image, out _) ? image : Path.GetFullPath(image);

    private static void PrintStatus(JsonElement s)
    {
        var images = s.GetProperty("images");
        Console.WriteLine($"State: {s.GetProperty("state").GetString()}, model version {s.GetProperty("model_version")}");
        if (s.TryGetProperty("paused", out var paused) && paused.ValueKind == JsonValueKind.String)
        {
            Console.WriteLine($"Intake paused: {paused.GetString()}");
        }

        Console.WriteLine($"Images: {images.GetProperty("total")} ({string.Join(", ", images.EnumerateObject().Where(p => p.Name != "total" && p.Value.GetInt32() > 0).Select(p => $"{p.Value} {p.Name}"))})");
        Console.WriteLine($"Clusters: {s.GetProperty("clusters")} ({s.GetProperty("proposed")} waiting for a name); unfinished moves: {s.GetProperty("unfinished_moves")}");
        Console.WriteLine($"Inboxes: {string.Join(", ", s.GetProperty("inboxes").EnumerateArray().Select(e => e.GetString()))}; output: {s.GetProperty("output").GetString()}");
    }

    private static void PrintClusters(JsonElement clusters)
    {
        Console.WriteLine($"{"id",4}  {"folder",-24} {"size",6} {"filed",6}  review images");
        foreach (var c in clusters.EnumerateArray())
        {
            string folder = c.GetProperty("folder").GetString()! + (c.GetProperty("proposed").GetBoolean() ? " (new)" : "");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.GetProperty("id").GetInt32(),4}  {folder,-24} {c.GetProperty("size").GetInt32(),6} {c.GetProperty("filed").GetInt32(),6}  {string.Join("  ", c.GetProperty("review_images").EnumerateArray().Select(p => p.GetString()))}"));
        }
    }

    private static void PrintImages(JsonElement page)
    {
        var images = page.GetProperty("images");
        int offset = page.GetProperty("offset").GetInt32();
        Console.WriteLine($"{page.GetProperty("total")} images in the review queue; showing {offset + 1}-{offset + images.GetArrayLength()}.");
        foreach (var i in images.EnumerateArray())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i.GetProperty("id").GetInt64(),6}  score {i.GetProperty("score").GetDouble(),6:F2}  {i.GetProperty("path").GetString()}"));
        }
    }
}
