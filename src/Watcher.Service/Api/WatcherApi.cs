using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watcher.Catalog;
using Watcher.Service.Clustering;
using Watcher.Service.Inbox;
using Watcher.Service.Ingest;
using Watcher.Service.Options;
using Watcher.Service.Review;
using Watcher.Service.Sorting;

namespace Watcher.Service.Api;

/// <summary>
/// The daemon's API (docs/api.md): what the CLI commands and the review page call while the
/// daemon owns the catalog. Errors come back as {"error": "..."} with a 4xx status so both can
/// show the sentence as it is. Images are addressed by catalog id only, never by a path taken from
/// the request.
/// </summary>
public static class WatcherApi
{
    private const int MaxPage = 500;

    public static IEndpointRouteBuilder MapWatcherApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api");
        api.MapGet("/status", Status);
        api.MapGet("/clusters", Clusters);
        api.MapGet("/clusters/{id:int}/images", (int id, int? offset, int? limit, CatalogDb catalog) =>
            catalog.Cluster(id) is { } c
                ? Results.Ok(Page(catalog.Images(ImageStatus.Filed).Where(i => i.Folder == c.Folder).OrderBy(i => i.Id), offset, limit))
                : NotFound($"There is no cluster {id}."));
        api.MapPost("/clusters/{id:int}/label", (int id, LabelRequest request, ReviewActions actions, CancellationToken ct) =>
            Run(() => actions.LabelAsync(id, request.Name, ct)));
        api.MapPost("/clusters/{id:int}/merge", (int id, MergeRequest request, ReviewActions actions, CancellationToken ct) =>
            Run(() => actions.MergeAsync(id, request.Into, ct)));
        api.MapPost("/clusters/{id:int}/split", (int id, ClusterEdits edits, CancellationToken ct) => Run(() => edits.SplitAsync(id, ct)));
        api.MapGet("/unknowns", (int? offset, int? limit, CatalogDb catalog) =>
            Page(catalog.Images(ImageStatus.Unknown).OrderByDescending(i => i.Score ?? double.MaxValue).ThenBy(i => i.Id), offset, limit));
        api.MapPost("/unknowns/group", (ClusterEdits edits, CancellationToken ct) => Run(() => edits.GroupUnknownsAsync(ct)));
        api.MapPost("/unknowns/ignore", (ImagesRequest request, ReviewActions actions, CancellationToken ct) =>
            Run(async () => new { ignored = await actions.IgnoreAsync(request.ImageKeys, ct).ConfigureAwait(false) }));
        api.MapPost("/assign", Assign);
        api.MapPost("/recluster", Recluster);
        app.MapPicturesApi();
        return app;
    }

    private static StatusJson Status(
        CatalogDb catalog, ClusterState state, Reclusterer reclusterer, BootstrapOptions bootstrap, InboxOptions inbox, ImageFiler filer,
        DataFolder data, StorageGuard storage, ReclusterSignal signal)
    {
        var counts = Enum.GetValues<ImageStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), catalog.CountImages);
        counts["total"] = catalog.CountImages();
        List<ClusterRecord> clusters = catalog.Clusters();
        return new StatusJson(
            state.HasModel ? "sorting" : "bootstrapping", (int)catalog.GetMeta("model_version"), counts, clusters.Count,
            clusters.Count(c => c.Proposed), catalog.UnfinishedMoves().Count, bootstrap.MinImages, catalog.GetMeta(Reclusterer.SinceKey),
            // Asked for and about to start counts: a caller waiting for the daemon to be idle must not see a gap.
            reclusterer.IsRunning || signal.IsPending, inbox.Paths.Select(Path.GetFullPath).ToList(), filer.OutputDir, data.Path, storage.PausedBecause);
    }

    // Clusters that share a folder (merged, or given one name) are one entry for a person: the
    // lowest id speaks for them and lists the others.
    private static List<ClusterJson> Clusters(CatalogDb catalog)
    {
        var filed = catalog.Images(ImageStatus.Filed).Where(i => i.Folder is not null).GroupBy(i => i.Folder!)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // A cluster emptied by a split has nothing left to show.
        return catalog.Clusters().Where(c => c.Size > 0).GroupBy(c => c.Folder, StringComparer.Ordinal).Select(g =>
        {
            List<ClusterRecord> members = g.OrderBy(c => c.Id).ToList();
            ClusterRecord first = members[0];
            List<ImageJson> samples = members.SelectMany(c => c.ReviewImages).Select(catalog.Image).OfType<ImageRecord>().Select(ToJson).ToList();
            return new ClusterJson(
                first.Id, first.Name, first.Folder, members.Sum(c => c.Size), filed.GetValueOrDefault(first.Folder), members.Any(c => c.Proposed),
                samples.Select(s => s.Path).ToList(), samples, members.Skip(1).Select(c => c.Id).ToList());
        }).OrderBy(c => c.Id).ToList();
    }

    private static Task<IResult> Assign(AssignRequest request, ReviewActions actions, CancellationToken ct)
    {
        if (request.Image is not null && request.Images is null)
        {
            // The CLI's one-image form answers with the image itself.
            return Run(async () => ToJson(await actions.AssignAsync(request.ImageKeys[0], request.Name, ct).ConfigureAwait(false)));
        }

        return Run(async () =>
        {
            AssignResult result = await actions.AssignManyAsync(request.ImageKeys, request.Name, ct).ConfigureAwait(false);
            return new AssignJson(result.Name, result.Cluster, result.Created, result.Images.Select(ToJson).ToList());
        });
    }

    private static async Task<IResult> Recluster(bool? wait, Reclusterer reclusterer, ReclusterSignal signal, ClusterState state, CancellationToken ct)
    {
        if (!state.HasModel)
        {
            return Results.Conflict(new ErrorJson("There is no model yet: the first clustering runs when the bootstrap has enough images."));
        }

        if (wait != true)
        {
            signal.Request("asked by a person");
            return Results.Accepted(value: new { queued = true });
        }

        return await Run(() => reclusterer.RunAsync("asked by a person", ct)).ConfigureAwait(false);
    }

    // A person's request either does what it says or gets the reason why not as a sentence.
    private static async Task<IResult> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return Results.Ok(await action().ConfigureAwait(false));
        }
        catch (KeyNotFoundException ex)
        {
            return NotFound(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Results.Conflict(new ErrorJson(ex.Message));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException)
        {
            return Results.BadRequest(new ErrorJson(ex.Message));
        }
    }

    private static PageJson Page(IEnumerable<ImageRecord> images, int? offset, int? limit)
    {
        int skip = Math.Max(0, offset ?? 0);
        int take = Math.Clamp(limit ?? 60, 1, MaxPage);
        List<ImageRecord> all = images.ToList();
        return new PageJson(all.Count, skip, all.Skip(skip).Take(take).Select(ToJson).ToList());
    }

    internal static IResult NotFound(string message) => Results.NotFound(new ErrorJson(message));

    internal static ImageJson ToJson(ImageRecord i) =>
        new(i.Id, i.CurrentPath, i.OriginalPath, i.Status.ToString().ToLowerInvariant(), i.Folder, i.Cluster, i.Score, i.Pinned, i.Error);
}

/// <summary>The data folder in use (catalog, embeddings, models, logs).</summary>
public sealed record DataFolder(string Path);
