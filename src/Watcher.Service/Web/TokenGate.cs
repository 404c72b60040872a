using Microsoft.AspNetCore.Http;
using Watcher.Service.Api;

namespace Watcher.Service.Web;

/// <summary>
/// Lets a request through only with the access token (docs/api.md). GETs may carry it in the
/// header or the cookie the page sets; anything that changes state must carry the header, which a
/// page on another site cannot add to a request it makes the browser send (cross-site request
/// forgery), and must not come from another origin or site (Origin, Sec-Fetch-Site).
/// </summary>
public sealed class TokenGate(AccessToken token) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        HttpRequest request = context.Request;
        bool safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

        // Opening the link from the log: trade the token in the address for the cookie, then
        // send the browser to the bare address so the token does not stay in its history.
        if (safe && request.Path == "/" && request.Query.TryGetValue("token", out var fromLink))
        {
            if (!token.Matches(fromLink.ToString()))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, "This link's access token is wrong. Open the link the daemon logged at start.").ConfigureAwait(false);
                return;
            }

            context.Response.Cookies.Append(AccessToken.Cookie, token.Value, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true, Secure = request.IsHttps,
            });
            context.Response.Redirect("/");
            return;
        }

        string? header = request.Headers[AccessToken.Header].FirstOrDefault();
        string? cookie = request.Cookies[AccessToken.Cookie];
        if (!safe)
        {
            if (!token.Matches(header))
            {
                bool cookieOnly = header is null && token.Matches(cookie);
                await Refuse(context, cookieOnly ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized,
                    cookieOnly ? $"Requests that change something must carry the {AccessToken.Header} header." : "Missing or wrong access token.")
                    .ConfigureAwait(false);
                return;
            }

            bool foreign = request.Headers.Origin.FirstOrDefault() is { } origin && !SameOrigin(origin, request);
            if (foreign || FetchSite(request, "cross-site") || FetchSite(request, "same-site"))
            {
                await Refuse(context, StatusCodes.Status403Forbidden, "Requests from other sites are refused.").ConfigureAwait(false);
                return;
            }
        }
        else if (FetchSite(request, "cross-site") && request.Path != "/")
        {
            // Only the page itself may be opened from a link elsewhere (the log's link pasted into
            // a chat); what it loads comes from itself.
            await Refuse(context, StatusCodes.Status403Forbidden, "Requests from other sites are refused.").ConfigureAwait(false);
            return;
        }
        else if (!token.Matches(header) && !token.Matches(cookie))
        {
            await Refuse(context, StatusCodes.Status401Unauthorized,
                "Missing or wrong access token. Open the link the daemon logged at start (it ends in ?token=...); " +
                $"the token is also in the data folder's {AccessToken.FileName} file.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    // Browsers say where a request comes from (Sec-Fetch-Site) even when they send no Origin;
    // "same-site" is another port or name of this machine, still another origin.
    private static bool FetchSite(HttpRequest request, string site) =>
        string.Equals(request.Headers["Sec-Fetch-Site"].FirstOrDefault(), site, StringComparison.OrdinalIgnoreCase);

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) &&
        string.Equals($"{uri.Host}:{uri.Port}", $"{request.Host.Host}:{request.Host.Port ?? (request.IsHttps ? 443 : 80)}", StringComparison.OrdinalIgnoreCase);

    private static async Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await context.Response.WriteAsJsonAsync(new ErrorJson(message)).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        await context.Response.WriteAsync(
            "<!doctype html><meta charset=utf-8><title>Watcher</title><body style=\"font-family:sans-serif;margin:3em\">" +
            $"<h1>Watcher</h1><p>{System.Net.WebUtility.HtmlEncode(message)}</p></body>").ConfigureAwait(false);
    }
}
