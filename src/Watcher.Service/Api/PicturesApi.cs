using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watcher.Catalog;
using Watcher.Service.Web;

namespace Watcher.Service.Api;

/// <summary>Images, thumbnails and the data behind the review page's pictures (docs/api.md).</summary>
public static class PicturesApi
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif",
        [".webp"] = "image/webp", [".bmp"] = "image/bmp",
    };

    public static IEndpointRouteBuilder MapPicturesApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api");
        api.MapGet("/images/{id:long}", (long id, CatalogDb catalog) =>
            catalog.Image(id) is { } image ? Results.Ok(WatcherApi.ToJson(image)) : WatcherApi.NotFound($"No image {id} in the catalog."));
        api.MapGet("/images/{id:long}/thumb", Thumb);
        api.MapGet("/images/{id:long}/file", File);
        api.MapGet("/map", (PictureData pictures) => pictures.Map());
        api.MapGet("/selection", (PictureData pictures) => pictures.Selection());
        api.MapGet("/activity", (PictureData pictures) => pictures.Activity());
        return app;
    }

    private static IResult Thumb(long id, CatalogDb catalog, ThumbnailCache thumbnails, HttpContext http)
    {
        if (catalog.Image(id) is not { } image)
        {
            return WatcherApi.NotFound($"No image {id} in the catalog.");
        }

        if (thumbnails.Get(image) is not { } path)
        {
            return WatcherApi.NotFound($"Image {id} cannot be shown ({image.Error ?? "its file is not readable now"}).");
        }

        // Named by content, so a thumbnail never changes: the browser may keep it.
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.File(path, "image/jpeg");
    }

    private static IResult File(long id, CatalogDb catalog, HttpContext http)
    {
        if (catalog.Image(id) is not { } image)
        {
            return WatcherApi.NotFound($"No image {id} in the catalog.");
        }

        if (!System.IO.File.Exists(image.CurrentPath))
        {
            return WatcherApi.NotFound($"Image {id} is not at {image.CurrentPath} any more.");
        }

        // Served as an image or as bytes to download, never as something a browser would run:
        // a text or HTML file named .jpg stays inert (nosniff).
        http.Response.Headers.XContentTypeOptions = "nosniff";
        string type = ContentTypes.GetValueOrDefault(Path.GetExtension(image.CurrentPath), "application/octet-stream");
        return Results.File(image.CurrentPath, type, type == "application/octet-stream" ? Path.GetFileName(image.CurrentPath) : null);
    }
}
