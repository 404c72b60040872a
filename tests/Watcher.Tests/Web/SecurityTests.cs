using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Watcher.Service.Options;
using Watcher.Tests.Support;

namespace Watcher.Tests.Web;

// The review page and API as an attacker meets them (docs/api.md, "Access token"), against a real
// daemon. Routes come from ASP.NET's endpoint list, so a route added later is held to the same
// rules. By design: GET / with ?token= trades a right token for the cookie; everything else needs
// the token, and whatever changes something needs the header and the page's own origin.
public sealed class SecurityTests(SecurityTests.Daemon fixture) : IClassFixture<SecurityTests.Daemon>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_route_list_is_the_daemons_own()
    {
        fixture.Routes.Select(r => r.ToString()).Should().Contain(
            ["GET /", "GET /assets/{name}", "GET /api/status", "GET /api/images/{id:long}/file", "GET /api/images/{id:long}/thumb",
             "POST /api/clusters/{id:int}/label", "POST /api/assign", "POST /api/unknowns/ignore", "POST /api/recluster"]);
        fixture.Routes.Should().OnlyContain(r => r.Method == "GET" || r.Method == "POST", "reads are GET and changes are POST");
    }

    [Fact]
    public async Task Without_the_token_every_route_answers_401()
    {
        foreach (DaemonRoute route in fixture.Routes.Append(new DaemonRoute("GET", "/api/no-such-route")))
        {
            foreach (var headers in new[] { NoHeaders, new() { ["X-Watcher-Token"] = fixture.Token + "x" }, new() { ["Cookie"] = "watcher_token=wrong" } })
            {
                var answer = await SendAsync(route.Method, route.Sample, headers);
                answer.Status.Should().Be(401, $"{route} with {string.Join(", ", headers.Keys)}");
                answer.Header("X-Content-Type-Options").Should().Be("nosniff");
                if (route.Pattern.StartsWith("/api", StringComparison.Ordinal))
                    JsonDocument.Parse(answer.Text).RootElement.GetProperty("error").GetString().Should().Contain("token");
            }
        }

        (await SendAsync("GET", "/?token=wrong", NoHeaders)).Status.Should().Be(401);
    }

    [Fact]
    public async Task The_cookie_reads_but_changes_nothing()
    {
        var cookie = new Dictionary<string, string> { ["Cookie"] = "watcher_token=" + fixture.Token };
        foreach (DaemonRoute route in fixture.Routes)
        {
            var answer = await SendAsync(route.Method, route.Sample, cookie, route.ChangesState ? "{}" : null);
            if (route.ChangesState)
            {
                answer.Status.Should().Be(403, $"{route}: a page on another site can make the browser send the cookie");
            }
            else
            {
                answer.Status.Should().NotBe(401, route.ToString()).And.NotBe(403).And.BeLessThan(500);
                answer.Header("X-Content-Type-Options").Should().Be("nosniff", route.ToString());
            }
        }

        foreach (string method in new[] { "PUT", "DELETE", "PATCH", "OPTIONS" })
            (await SendAsync(method, "/api/status", cookie)).Status.Should().Be(403, method);
    }

    [Fact]
    public async Task State_changing_routes_take_only_POST_with_the_header_from_the_page_itself()
    {
        string self = $"http://127.0.0.1:{fixture.Port}";
        var refusals = new Dictionary<string, Dictionary<string, string>>
        {
            ["a foreign Origin"] = new() { ["Origin"] = "http://evil.example" },
            ["another port's Origin"] = new() { ["Origin"] = "http://127.0.0.1:1" },
            ["Origin null"] = new() { ["Origin"] = "null" },
            ["Sec-Fetch-Site cross-site"] = new() { ["Sec-Fetch-Site"] = "cross-site" },
            ["Sec-Fetch-Site same-site"] = new() { ["Sec-Fetch-Site"] = "same-site" },
        };
        foreach (DaemonRoute route in fixture.Routes.Where(r => r.ChangesState))
        {
            (await SendAsync("GET", route.Sample, fixture.Header)).Status.Should().Be(405, $"GET {route.Pattern} changes nothing");
            foreach (string method in new[] { "PUT", "DELETE", "PATCH" })
                (await SendAsync(method, route.Sample, fixture.Header, "{}")).Status.Should().Be(405, $"{method} {route.Pattern}");
            foreach (var (why, extra) in refusals)
            {
                var answer = await SendAsync(route.Method, route.Sample, With(fixture.Header, extra), "{}");
                answer.Status.Should().Be(403, $"{route} with {why}");
                JsonDocument.Parse(answer.Text).RootElement.GetProperty("error").GetString().Should().Contain("other sites");
            }

            // The page's own request gets through to the route (which may still say no: no model yet, no cluster 1).
            var own = await SendAsync(route.Method, route.Sample,
                With(fixture.Header, new() { ["Origin"] = self, ["Sec-Fetch-Site"] = "same-origin" }), "{}");
            own.Status.Should().NotBe(401, route.ToString()).And.NotBe(403).And.BeLessThan(500);
        }
    }

    [Fact]
    public async Task A_read_from_another_site_is_refused_but_the_page_opens_from_a_link()
    {
        var crossSite = new Dictionary<string, string> { ["Cookie"] = "watcher_token=" + fixture.Token, ["Sec-Fetch-Site"] = "cross-site" };
        foreach (DaemonRoute route in fixture.Routes.Where(r => !r.ChangesState && r.Pattern != "/"))
            (await SendAsync("GET", route.Sample, crossSite)).Status.Should().Be(403, route.ToString());
        (await SendAsync("GET", "/", crossSite)).Status.Should().Be(200, "the log's link may be opened from anywhere");
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("127.0.0.1.nip.io:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    public async Task A_request_naming_another_host_is_refused_on_every_route(string host)
    {
        string named = host.Replace("{port}", fixture.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        foreach (DaemonRoute route in fixture.Routes)
        {
            var answer = await SendAsync(route.Method, route.Sample, fixture.Header, route.ChangesState ? "{}" : null, named);
            answer.Status.Should().Be(400, $"{route} with Host '{named}' (DNS rebinding)");
            answer.Text.Should().Contain("answers only to");
        }
    }

    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost:{port}")]
    [InlineData("LOCALHOST:{port}")]
    [InlineData("[::1]:{port}")]
    public async Task This_machines_own_names_are_answered(string host)
    {
        string named = host.Replace("{port}", fixture.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        (await SendAsync("GET", "/api/status", fixture.Header, host: named)).Status.Should().Be(200);
    }

    [Theory]
    [InlineData("/api/images/..%2F..%2F..%2Fetc%2Fpasswd/file")]
    [InlineData("/api/images/%2e%2e%2f%2e%2e%2fetc%2fpasswd/file")]
    [InlineData("/api/images/..%2f..%2faccess-token/thumb")]
    [InlineData("/api/images/../../../../etc/passwd")]
    [InlineData("/api/images/1/../../../../../etc/passwd")]
    [InlineData("/api/images/%2Fetc%2Fpasswd/file")]
    [InlineData("/api/images//etc/passwd/file")]
    [InlineData("/api/images/..\\..\\..\\etc\\passwd/file")]
    [InlineData("/api/images/..%5C..%5Cdata%5Caccess-token/file")]
    [InlineData("/api/images/1%00/file")]
    [InlineData("/api/images/1%00.jpg/thumb")]
    [InlineData("/api/images/%00/file")]
    [InlineData("/api/images/1%2Ffile")]
    [InlineData("/api/images/1/file/..%2F..%2F..%2Faccess-token")]
    [InlineData("/api/images/-1/file")]
    [InlineData("/api/images/-1/thumb")]
    [InlineData("/api/images/0/file")]
    [InlineData("/api/images/99999999999999999999/file")]
    [InlineData("/api/images/{long}/file")]
    [InlineData("/api/images/{sha}/thumb")]
    [InlineData("/api/images/{sha2}/{sha}.jpg")]
    [InlineData("/thumbs/{sha2}/{sha}.jpg")]
    [InlineData("/api/images/0x1/file")]
    [InlineData("/assets/..%2F..%2Fconfig%2Fappsettings.json")]
    [InlineData("/assets/%2e%2e%2fwatcher.dll")]
    [InlineData("/assets/..%5Cwatcher.dll")]
    [InlineData("/assets/../watcher.dll")]
    [InlineData("/assets/index.html")]
    [InlineData("/access-token")]
    [InlineData("/data/access-token")]
    [InlineData("/etc/passwd")]
    [InlineData("/C:/Windows/win.ini")]
    [InlineData("http://127.0.0.1:{port}/etc/passwd")]
    public async Task A_traversal_attempt_never_reaches_a_file(string target)
    {
        string sha = new('a', 64);
        string path = target.Replace("{port}", fixture.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{long}", new string('9', 5000), StringComparison.Ordinal)
            .Replace("{sha2}", sha[..2], StringComparison.Ordinal).Replace("{sha}", sha, StringComparison.Ordinal);
        var answer = await SendAsync("GET", path, fixture.Header);
        answer.Status.Should().BeOneOf([400, 404], path);
        answer.Text.Should().NotContain("root:").And.NotContain(fixture.Token).And.NotContain("\"Watcher\"").And.NotContain("DOS mode");
        answer.Body.AsSpan().IndexOf(fixture.ImageBytes.AsSpan(0, 64)).Should().Be(-1, "the catalog's image must not answer a crafted path");
    }

    [Fact]
    public async Task An_image_is_served_by_its_catalog_id_with_nosniff_and_the_page_with_a_CSP()
    {
        var file = await SendAsync("GET", $"/api/images/{fixture.ImageId}/file", fixture.Header);
        file.Status.Should().Be(200);
        file.Body.Should().Equal(fixture.ImageBytes);
        file.Header("X-Content-Type-Options").Should().Be("nosniff");

        var page = await SendAsync("GET", "/", new() { ["Cookie"] = "watcher_token=" + fixture.Token });
        page.Status.Should().Be(200);
        page.Header("Content-Security-Policy").Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'");
        page.Header("X-Content-Type-Options").Should().Be("nosniff");
        var refused = await SendAsync("GET", "/", NoHeaders);
        refused.Header("Content-Security-Policy").Should().Contain("default-src 'none'");
    }

    [Fact]
    public async Task The_daemon_listens_on_loopback_unless_told_otherwise()
    {
        var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(SharedData.RepoRoot, "config", "appsettings.json")));
        config.RootElement.GetProperty("Watcher").GetProperty("Api").GetProperty("Address").GetString().Should().Be("127.0.0.1");
        new ApiOptions().Address.Should().Be("127.0.0.1");
        fixture.Log.Should().Contain($"Review page: http://127.0.0.1:{fixture.Port}/?token=").And.NotContain("not only on this machine");

        // Nothing answers on this machine's other addresses.
        var others = NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).ToList();
        foreach (IPAddress address in others)
        {
            using var client = new TcpClient();
            await FluentActions.Awaiting(() => client.ConnectAsync(address, fixture.Port)).Should().ThrowAsync<SocketException>(address.ToString());
        }
    }

    [Fact]
    public async Task Listening_on_every_interface_is_warned_about_and_loopback_still_checks_the_host()
    {
        await using var open = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200, new Dictionary<string, string> { ["Api:Address"] = "0.0.0.0" });
        await open.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API on 0.0.0.0");
        open.Log.Should().Contain("listen on 0.0.0.0, not only on this machine");
        var headers = new Dictionary<string, string> { ["X-Watcher-Token"] = open.Token! };
        (await RawHttp.SendAsync(open.Port, "GET", "/api/status", headers, host: "evil.example")).Status.Should().Be(400);
        (await RawHttp.SendAsync(open.Port, "GET", "/api/status", headers)).Status.Should().Be(200);
        await open.StopAsync();
    }

    [Fact]
    public async Task The_link_trades_the_token_for_a_strict_cookie_and_the_token_is_the_owners_alone()
    {
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200);
        await daemon.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API");
        string token = daemon.Token!;
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
            { BaseAddress = new Uri($"http://127.0.0.1:{daemon.Port}/") };

        (await browser.GetAsync("api/status")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var opened = await browser.GetAsync($"/?token={token}");
        opened.StatusCode.Should().Be(HttpStatusCode.Redirect, "the token leaves the address bar");
        opened.Headers.Location!.ToString().Should().Be("/");
        string setCookie = string.Join(";", opened.Headers.GetValues("Set-Cookie"));
        setCookie.Should().Contain("httponly").And.Contain("samesite=strict");
        (await browser.GetAsync("api/status")).StatusCode.Should().Be(HttpStatusCode.OK, "the cookie is enough to read");

        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(Path.Combine(daemon.Data, "access-token")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await daemon.StopAsync();
        await using var again = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200);
        await again.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API again");
        again.Token.Should().Be(token, "the token is made once per install and kept");
    }

    private static Dictionary<string, string> NoHeaders => [];

    private static Dictionary<string, string> With(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Concat(b).ToDictionary(p => p.Key, p => p.Value);

    private Task<RawResponse> SendAsync(string method, string target, Dictionary<string, string> headers, string? body = null, string? host = null) =>
        RawHttp.SendAsync(fixture.Port, method, target, headers, host, body);

    /// <summary>One daemon for the class, on loopback, with two photos waiting in its catalog.</summary>
    public sealed class Daemon : IAsyncLifetime, IDisposable
    {
        private readonly TempFolder _temp = new();
        private DaemonProcess? _daemon;

        public IReadOnlyList<DaemonRoute> Routes { get; private set; } = [];

        public int Port => _daemon!.Port;

        public string Token => _daemon!.Token!;

        public string Log => _daemon!.Log;

        public Dictionary<string, string> Header => new() { ["X-Watcher-Token"] = Token };

        public long ImageId { get; private set; }

        public byte[] ImageBytes { get; private set; } = [];

        public async Task InitializeAsync()
        {
            Routes = DaemonRoutes.All(Path.Combine(_temp.Path, "routes"));
            _daemon = DaemonProcess.Start(Path.Combine(_temp.Path, "daemon"), bootstrapMinImages: 200);
            await _daemon.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API");
            Directory.CreateDirectory(_daemon.Inbox);
            foreach (var (path, _) in SharedData.Sample(SharedData.Imagenette, 1).Take(2))
                File.Copy(path, Path.Combine(_daemon.Inbox, Path.GetFileName(path)));
            await _daemon.WaitForStatusAsync(s => DaemonProcess.Count(s, "waiting") == 2, TimeSpan.FromMinutes(3), "two photos catalogued");
            using var api = _daemon.Client();
            var image = await api.Get("images/1");
            ImageId = image.GetProperty("id").GetInt64();
            ImageBytes = await File.ReadAllBytesAsync(image.GetProperty("path").GetString()!);
        }

        // xUnit stops the daemon (DisposeAsync), then removes its folders (Dispose).
        public async Task DisposeAsync()
        {
            if (_daemon is not null) await _daemon.DisposeAsync();
        }

        public void Dispose() => _temp.Dispose();
    }
}
