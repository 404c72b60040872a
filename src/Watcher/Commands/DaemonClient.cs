using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Watcher.Hosting;
using Watcher.Service.Api;

namespace Watcher.Commands;

/// <summary>
/// Talks to a running daemon over its loopback API. The daemon owns the catalog (LiteDB in
/// exclusive mode), so commands that read or change it go through here; when nothing answers the
/// error says how to start it.
/// </summary>
public sealed class DaemonClient : IDisposable
{
    private readonly HttpClient _http;

    public DaemonClient(int port, string? token)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/api/"), Timeout = TimeSpan.FromMinutes(10) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Add(AccessToken.Header, token);
        }
    }

    /// <summary>A client for the daemon these settings describe: its port, and the token it keeps in the data folder.</summary>
    public static DaemonClient Connect(WatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DaemonClient(settings.Api.Port, AccessToken.Read(settings.DataDir));
    }

    public async Task<byte[]> GetBytesAsync(string path, CancellationToken ct)
    {
        byte[] bytes = [];
        await SendAsync(async () =>
        {
            HttpResponseMessage response = await _http.GetAsync(path, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                response.Content = new StringContent("");
            }

            return response;
        }, ct).ConfigureAwait(false);
        return bytes;
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct) =>
        await SendAsync(() => _http.GetAsync(path, ct), ct).ConfigureAwait(false);

    public async Task<JsonElement> PostAsync(string path, object? body, CancellationToken ct) =>
        await SendAsync(() => _http.PostAsJsonAsync(path, body, ct), ct).ConfigureAwait(false);

    private async Task<JsonElement> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await send().ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new DaemonUnavailableException(
                $"The Watcher daemon is not running (nothing answers on {_http.BaseAddress}). Start it with `watcher run`, " +
                "or pass the port it uses with --api-port.", ex);
        }

        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new DaemonRequestException(
                "The daemon refused the access token. Run the command with the same --data (or config) as the daemon, so it reads the token from <data>/access-token.");
        }

        using (response)
        {
            string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonElement json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            if (!response.IsSuccessStatusCode)
            {
                string message = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out JsonElement e) ? e.GetString()! : text;
                throw new DaemonRequestException(message);
            }

            return json;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>No daemon answers on the API port.</summary>
public sealed class DaemonUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>The daemon refused a request; the message is its sentence.</summary>
public sealed class DaemonRequestException(string message) : Exception(message);
