using Microsoft.AspNetCore.Http;
using Watcher.Service.Api;

namespace Watcher.Service.Web;

/// <summary>
/// A request the API cannot read (malformed JSON, a field of the wrong type) gets a 400 with the
/// reason as {"error": ...}, like every other refusal, instead of an empty answer. Needs
/// RouteHandlerOptions.ThrowOnBadRequest, so that binding failures arrive here as exceptions.
/// </summary>
public sealed class BadRequests : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = ex.StatusCode;
            string reason = ex.InnerException?.Message ?? ex.Message;
            await context.Response.WriteAsJsonAsync(new ErrorJson($"The request could not be read: {reason}")).ConfigureAwait(false);
        }
    }
}
