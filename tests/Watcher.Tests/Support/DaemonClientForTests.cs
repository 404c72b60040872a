using System.Net.Http.Json;
using System.Text.Json;

namespace Watcher.Tests.Support;

/// <summary>Raw calls to a test daemon's API with its access token; failures carry the response body.</summary>
public sealed class DaemonClientForTests : IDisposable
{
    private readonly HttpClient _http;

    public DaemonClientForTests(int port, string? token)
    {
        _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/api/"), Timeout = TimeSpan.FromMinutes(3) };
        if (token is not null) _http.DefaultRequestHeaders.Add("X-Watcher-Token", token);
    }

    public Task<JsonElement> Get(string path) => Read(_http.GetAsync(new Uri(path, UriKind.Relative)));

    public Task<JsonElement> Post(string path, object? body) => Read(_http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body));

    private static async Task<JsonElement> Read(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
