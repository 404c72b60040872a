using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Watcher.Tests.Support;

/// <summary>
/// A real `watcher run` child process on temp folders, with a free loopback port, short settle
/// and scan periods (through WATCHER_ environment overrides), and helpers that poll its API.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private DaemonProcess(Process process, int port, string root)
    {
        _process = process;
        Port = port;
        Root = root;
    }

    public int Port { get; }

    public string Root { get; }

    public string Inbox => Path.Combine(Root, "inbox");

    public string Output => Path.Combine(Root, "output");

    public string Data => Path.Combine(Root, "data");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id: /proc/&lt;id&gt;/status has its memory figures.</summary>
    public int Id => _process.Id;

    /// <summary>Raised on the reader's thread for every line the daemon logs, as it arrives.</summary>
    public event Action<string>? LineLogged;

    public static DaemonProcess Start(string root, int bootstrapMinImages, IDictionary<string, string>? settings = null, int? port = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        int apiPort = port ?? FreePort();
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "watcher.dll"), "run",
                     "--inbox", Path.Combine(root, "inbox"), "--output", Path.Combine(root, "output"), "--data", Path.Combine(root, "data"),
                     "--api-port", apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["WATCHER_MODELS_DIR"] = SharedData.ModelsDir;
        var env = new Dictionary<string, string>
        {
            ["Bootstrap:MinImages"] = bootstrapMinImages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inbox:SettleSeconds"] = "0.3",
            ["Inbox:ScanIntervalSeconds"] = "2",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) env[k] = v;
        foreach (var (k, v) in env) start.Environment["WATCHER_Watcher__" + k.Replace(":", "__", StringComparison.Ordinal)] = v;

        var process = Process.Start(start)!;
        var daemon = new DaemonProcess(process, apiPort, root);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.AppendLine(line);
        }

        LineLogged?.Invoke(line);
    }

    /// <summary>Polls the status API until the predicate holds; fails with the daemon's log when it never does.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> until, TimeSpan timeout, string what, TimeSpan? pollEvery = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        bool withToken = false;
        JsonElement last = default;
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The daemon exited ({_process.ExitCode}) while waiting for {what}:\n{Log}");
            // The daemon writes its token at start; until then nothing answers anyway.
            if (!withToken && Token is { } token)
            {
                http.DefaultRequestHeaders.Add("X-Watcher-Token", token);
                withToken = true;
            }

            try
            {
                string text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/api/status"));
                last = JsonDocument.Parse(text).RootElement.Clone();
                if (until(last)) return last;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // A status read counts the catalog by state under its lock: a load test polls less often
            // so that its own questions do not slow the filing it measures.
            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}; last status {last}\n{Log}");
    }

    /// <summary>The daemon's access token (data/access-token), once it has started.</summary>
    public string? Token => File.Exists(Path.Combine(Data, "access-token")) ? File.ReadAllText(Path.Combine(Data, "access-token")).Trim() : null;

    /// <summary>An API client that carries the token.</summary>
    public DaemonClientForTests Client() => new(Port, Token);

    public static int Count(JsonElement status, string state) => status.GetProperty("images").GetProperty(state).GetInt32();

    /// <summary>Images that reached their place: filed, flagged unknown or rejected.</summary>
    public static int Placed(JsonElement status) => Count(status, "filed") + Count(status, "unknown") + Count(status, "rejected");

    /// <summary>SIGTERM, as systemd stops a service; returns how long the process took to exit.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
        return clock.Elapsed;
    }

    /// <summary>SIGKILL: no shutdown code runs at all, as in a power cut or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGKILL without waiting, for a caller that must strike at once (a file event or a log line
    /// marks the moment); <see cref="KillAsync"/> then waits for the end.
    /// </summary>
    public void KillNow()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone: the caller's check of what happened will say so.
        }
    }

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
