using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Watcher.Service.Api;

namespace Watcher.Service.Web;

/// <summary>
/// Serves the review page: wwwroot/ is compiled into this assembly (no files to lose beside the
/// program, nothing a request path can walk out of), index.html at / with the access token
/// written into it for the page's scripts, and the other files at /assets/&lt;name&gt;.
/// </summary>
public static class ReviewPage
{
    private const string Prefix = "wwwroot/";
    private const string TokenPlaceholder = "%WATCHER_TOKEN%";

    // Only this origin's own files and inline styles; images may be data: or blob: URLs drawn by
    // the page; nothing may frame the page.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml", [".png"] = "image/png", [".ico"] = "image/x-icon", [".json"] = "application/json",
    };

    private static readonly Lazy<Dictionary<string, byte[]>> Assets = new(Load);

    public static IEndpointRouteBuilder MapReviewPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (AccessToken token, HttpContext http) =>
        {
            if (!Assets.Value.TryGetValue("index.html", out byte[]? page))
            {
                return Results.NotFound(new ErrorJson("This build has no review page."));
            }

            Secure(http);
            string html = System.Text.Encoding.UTF8.GetString(page).Replace(TokenPlaceholder, token.Value, StringComparison.Ordinal);
            return Results.Content(html, Types[".html"]);
        });
        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Assets.Value.TryGetValue(name, out byte[]? bytes) || name == "index.html")
            {
                return Results.NotFound(new ErrorJson($"No asset '{name}'."));
            }

            Secure(http);
            return Results.Bytes(bytes, Types.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"));
        });
        return app;
    }

    /// <summary>The names of the page's files, for tests and the log.</summary>
    public static IReadOnlyCollection<string> Files => Assets.Value.Keys;

    private static void Secure(HttpContext http)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.CacheControl = "no-cache";
    }

    private static Dictionary<string, byte[]> Load()
    {
        Assembly assembly = typeof(ReviewPage).Assembly;
        var assets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets[resource[Prefix.Length..]] = copy.ToArray();
        }

        return assets;
    }
}
