using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Watcher.Tests.Support;

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
}

/// <summary>
/// One HTTP/1.1 request written to the socket as given: HttpClient would tidy "../", backslashes
/// and encoded characters out of a path, and these tests need the daemon to see them.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(
        int port, string method, string target, IReadOnlyDictionary<string, string>? headers = null, string? host = null, string? body = null)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        NetworkStream stream = client.GetStream();
        var request = new StringBuilder();
        request.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        request.Append("Host: ").Append(host ?? $"127.0.0.1:{port}").Append("\r\nConnection: close\r\n");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Append(name).Append(": ").Append(value).Append("\r\n");
        byte[] content = Encoding.UTF8.GetBytes(body ?? "");
        if (body is not null) request.Append("Content-Type: application/json\r\n");
        if (method != "GET" && method != "HEAD") request.Append("Content-Length: ").Append(content.Length).Append("\r\n");
        request.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request.ToString()), cts.Token);
        await stream.WriteAsync(content, cts.Token);

        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cts.Token);
        byte[] bytes = answer.ToArray();
        int end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        string[] head = Encoding.Latin1.GetString(bytes, 0, end < 0 ? bytes.Length : end).Split("\r\n");
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in head.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        byte[] payload = end < 0 ? [] : bytes[(end + 4)..];
        bool chunked = fields.TryGetValue("Transfer-Encoding", out string? coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        return new RawResponse(int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), fields, chunked ? Dechunk(payload) : payload);
    }

    private static byte[] Dechunk(byte[] chunks)
    {
        using var content = new MemoryStream();
        int at = 0;
        while (at < chunks.Length)
        {
            int line = chunks.AsSpan(at).IndexOf("\r\n"u8);
            int size = int.Parse(Encoding.Latin1.GetString(chunks, at, line).Split(';')[0], System.Globalization.NumberStyles.HexNumber,
                System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0) break;
            content.Write(chunks, at + line + 2, size);
            at += line + 2 + size + 2;
        }

        return content.ToArray();
    }
}
