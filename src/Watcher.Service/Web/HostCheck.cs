using System.Net;
using Microsoft.AspNetCore.Http;
using Watcher.Service.Api;

namespace Watcher.Service.Web;

/// <summary>
/// The first thing every request meets. A request that came in over loopback must name this
/// machine in its Host header (127.0.0.1, localhost or [::1], with the daemon's port): a page on
/// another site can point its own name at 127.0.0.1 (DNS rebinding) and then talk to the daemon
/// as if it were that site; its requests still carry the other name, and are refused here. Every
/// answer, refusals included, says nosniff: nothing the daemon sends may be read as a script.
/// </summary>
public sealed class HostCheck : IMiddleware
{
    private static readonly string[] LoopbackNames = ["127.0.0.1", "localhost", "[::1]"];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!Allows(context.Request.Host, context.Connection.LocalIpAddress, context.Connection.LocalPort))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new ErrorJson(
                "This daemon answers only to http://127.0.0.1, localhost or [::1] on its own port; the request named another host.")).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a request that arrived on this local address and port may name this host. Over
    /// the network (the daemon set to listen beyond loopback) the machine's names are not known
    /// here: the access token is the guard there.
    /// </summary>
    public static bool Allows(HostString host, IPAddress? local, int localPort)
    {
        if (local is null)
        {
            return false;
        }

        if (local.IsIPv4MappedToIPv6)
        {
            local = local.MapToIPv4();
        }

        if (!IPAddress.IsLoopback(local))
        {
            return true;
        }

        string literal = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        return host.HasValue && (host.Port ?? 80) == localPort
            && (LoopbackNames.Contains(host.Host, StringComparer.OrdinalIgnoreCase) || string.Equals(host.Host, literal, StringComparison.OrdinalIgnoreCase));
    }
}
