using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watcher.Catalog;
using Watcher.Service.Clustering;
using Watcher.Service.Inbox;
using Watcher.Service.Options;
using Watcher.Service.Review;
using Watcher.Service.Sorting;

namespace Watcher.Service.Api;

/// <summary>
/// The daemon's loopback API: what `watcher status|clusters|label|unknowns|assign|recluster` call
/// while the daemon owns the catalog. Errors come back as {"error": "..."} with a 4xx status so
/// the CLI can print the sentence as it is.
/// </summary>
public static class WatcherApi
{
    public static IEndpointRouteBuilder MapWatcherApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api");
        api.MapGet("/status", Status);
        api.MapGet("/clusters", Clusters);
        api.MapPost("/clusters/{id:int}/label", Label);
        api.MapGet("/unknowns", (CatalogDb catalog) => catalog.Images(ImageStatus.Unknown).Select(ToJson).ToList());
        api.MapGet("/images/{id:long}", (long id, CatalogDb catalog) =>
            catalog.Image(id) is { } image ? Results.Ok(ToJson(image)) : NotFound($"No image {id} in the catalog."));
        api.MapPost("/assign", Assign);
        api.MapPost("/recluster", Recluster);
        return app;
    }

    private static StatusJson Status(
        CatalogDb catalog, ClusterState state, Reclusterer reclusterer, BootstrapOptions bootstrap, InboxOptions inbox, ImageFiler filer,
        DataFolder data)
    {
        var counts = Enum.GetValues<ImageStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), catalog.CountImages);
        counts["total"] = catalog.CountImages();
        List<ClusterRecord> clusters = catalog.Clusters();
        return new StatusJson(
            state.HasModel ? "sorting" : "bootstrapping", (int)catalog.GetMeta("model_version"), counts, clusters.Count,
            clusters.Count(c => c.Proposed), catalog.UnfinishedMoves().Count, bootstrap.MinImages, catalog.GetMeta(Reclusterer.SinceKey),
            reclusterer.IsRunning, inbox.Paths.Select(Path.GetFullPath).ToList(), filer.OutputDir, data.Path);
    }

    private static List<ClusterJson> Clusters(CatalogDb catalog)
    {
        var filed = catalog.Images(ImageStatus.Filed).Where(i => i.Cluster is not null).GroupBy(i => i.Cluster!.Value).ToDictionary(g => g.Key, g => g.Count());
        return catalog.Clusters().Select(c => new ClusterJson(
            c.Id, c.Name, c.Folder, c.Size, filed.GetValueOrDefault(c.Id), c.Proposed,
            c.ReviewImages.Select(id => catalog.Image(id)?.CurrentPath).OfType<string>().ToList())).ToList();
    }

    private static async Task<IResult> Label(int id, LabelRequest request, ReviewActions actions, CancellationToken ct)
    {
        try
        {
            return Results.Ok(await actions.LabelAsync(id, request.Name, ct).ConfigureAwait(false));
        }
        catch (KeyNotFoundException ex)
        {
            return NotFound(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Results.BadRequest(new ErrorJson(ex.Message));
        }
    }

    private static async Task<IResult> Assign(AssignRequest request, ReviewActions actions, CancellationToken ct)
    {
        try
        {
            return Results.Ok(ToJson(await actions.AssignAsync(request.Image, request.Name, ct).ConfigureAwait(false)));
        }
        catch (KeyNotFoundException ex)
        {
            return NotFound(ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            return Results.BadRequest(new ErrorJson(ex.Message));
        }
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

        try
        {
            return Results.Ok(await reclusterer.RunAsync("asked by a person", ct).ConfigureAwait(false));
        }
        catch (InvalidOperationException ex)
        {
            return Results.Conflict(new ErrorJson(ex.Message));
        }
    }

    private static IResult NotFound(string message) => Results.NotFound(new ErrorJson(message));

    internal static ImageJson ToJson(ImageRecord i) =>
        new(i.Id, i.CurrentPath, i.OriginalPath, i.Status.ToString().ToLowerInvariant(), i.Folder, i.Cluster, i.Score, i.Pinned, i.Error);
}

/// <summary>The data folder in use (catalog, embeddings, models, logs).</summary>
public sealed record DataFolder(string Path);
