using Microsoft.AspNetCore.Builder;
using Watcher.Service.Api;

namespace Watcher.Service.Web;

/// <summary>
/// The daemon's HTTP pipeline in one place, so the tests enumerate exactly the routes `watcher run`
/// serves: the host check, then the token gate, before any route runs.
/// </summary>
public static class WebPipeline
{
    public static WebApplication UseWatcherWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<HostCheck>();
        app.UseMiddleware<TokenGate>();
        app.UseMiddleware<BadRequests>();
        app.MapWatcherApi();
        app.MapReviewPage();
        return app;
    }
}
