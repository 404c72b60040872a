using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Watcher.Hosting;
using Watcher.Service;
using Watcher.Service.Web;

namespace Watcher.Tests.Support;

/// <summary>A route the daemon serves, and a path that reaches it (every parameter 1).</summary>
public sealed record DaemonRoute(string Method, string Pattern)
{
    public string Sample => Regex.Replace(Pattern, "{[^}]+}", "1");

    public bool ChangesState => Method is not ("GET" or "HEAD");

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// Every route `watcher run` maps, read from ASP.NET's own endpoint list: an app is built with
/// the daemon's registrations and its pipeline (never started), so a route added later is
/// tested without anyone listing it.
/// </summary>
public static class DaemonRoutes
{
    public static IReadOnlyList<DaemonRoute> All(string root)
    {
        var settings = new WatcherSettings { DataDir = Path.Combine(root, "data") };
        settings.Inbox.Paths = [Path.Combine(root, "inbox")];
        settings.Output.Dir = Path.Combine(root, "output");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWatcherDaemon(new DaemonOptions(settings.DataDir, settings.Inbox, settings.Output, settings.Bootstrap, settings.Duplicates,
            settings.Recluster, settings.Ingest, settings.Clustering));
        using WebApplication app = builder.Build();
        app.UseWatcherWeb();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new DaemonRoute(m, e.RoutePattern.RawText!)))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList();
    }
}
