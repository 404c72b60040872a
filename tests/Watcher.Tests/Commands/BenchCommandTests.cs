using System.Text.Json;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

public sealed class BenchCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Json_reports_the_three_rates_and_the_settings_they_were_measured_with()
    {
        var run = await WatcherProcess.RunAsync(["bench", SharedData.Imagenette, "--limit", "96", "--batch-size", "16", "--json", "--data", _temp.Path]);

        run.ExitCode.Should().Be(0, run.StdErr);
        using var json = JsonDocument.Parse(run.StdOut);
        var r = json.RootElement;
        r.GetProperty("images").GetInt32().Should().Be(96);
        r.GetProperty("batch_size").GetInt32().Should().Be(16);
        r.GetProperty("provider").GetString().Should().Be("cpu");
        r.GetProperty("model").GetString().Should().Be("mobilenetv3-small");
        foreach (var field in new[] { "decode_images_per_s", "model_images_per_s", "end_to_end_images_per_s", "pipeline_bound_images_per_s" })
            r.GetProperty(field).GetDouble().Should().BePositive(field);
        var bound = 1 / (1 / r.GetProperty("decode_images_per_s").GetDouble() + 1 / r.GetProperty("model_images_per_s").GetDouble());
        r.GetProperty("pipeline_bound_images_per_s").GetDouble().Should().BeApproximately(bound, 0.2);
    }
}
