using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Models;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Inference;

public sealed class ExecutionProviderTests
{
    private static ResolvedModel Mobilenet() =>
        ModelRegistry.Load([SharedData.ModelsDir], SharedData.RepoRoot).Select("mobilenetv3-small");

    [Theory]
    [InlineData(ProviderPreference.Cuda)]
    [InlineData(ProviderPreference.DirectML)]
    public void Requested_gpu_absent_falls_back_to_cpu_with_a_warning(ProviderPreference requested)
    {
        // Real ONNX Runtime CPU package: it has no GPU provider, as on any machine without the GPU build.
        var log = new ListLogger();

        using var encoder = OnnxImageEncoder.Create(Mobilenet(), new EncoderOptions { Provider = requested }, log);

        encoder.Provider.Should().Be(ProviderPreference.Cpu);
        log.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("Falling back to CPU"));
        var output = new float[encoder.Dimension];
        encoder.Encode(new float[encoder.InputLength], 1, output);
        output.Should().Contain(v => v != 0f, "the CPU session really runs");
    }

    [Fact]
    public void Auto_on_a_cpu_build_runs_on_cpu_without_a_warning()
    {
        var log = new ListLogger();

        using var encoder = OnnxImageEncoder.Create(Mobilenet(), new EncoderOptions(), log);

        encoder.Provider.Should().Be(ProviderPreference.Cpu);
        log.Entries.Should().NotContain(e => e.Level >= LogLevel.Warning);
        log.Entries.Should().Contain(e => e.Message.Contains("provider Cpu"));
    }

    /// <summary>
    /// A fake, because no GPU exists here: ONNX Runtime lists CUDA but attaching it fails the way the
    /// CPU package does (EntryPointNotFoundException). The selector must report it and use CPU.
    /// </summary>
    private sealed class ListsCudaButCannotAttach : IProviderApi
    {
        public IReadOnlyCollection<string> Available() => ["CUDAExecutionProvider", "CPUExecutionProvider"];

        public void Append(SessionOptions options, ProviderPreference provider, int deviceId) =>
            throw new EntryPointNotFoundException("OrtSessionOptionsAppendExecutionProvider_CUDA");
    }

    [Fact]
    public void Cuda_listed_but_failing_to_attach_falls_back_to_cpu()
    {
        var log = new ListLogger();
        using var options = new SessionOptions();

        var chosen = new ExecutionProviderSelector(new ListsCudaButCannotAttach(), log).Apply(options, ProviderPreference.Cuda, 0);

        chosen.Should().Be(ProviderPreference.Cpu);
        log.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning && e.Message.Contains("OrtSessionOptionsAppendExecutionProvider_CUDA"));
    }

    [Fact]
    public void Cpu_requested_never_tries_a_gpu()
    {
        var log = new ListLogger();
        using var options = new SessionOptions();

        new ExecutionProviderSelector(new ListsCudaButCannotAttach(), log).Apply(options, ProviderPreference.Cpu, 0)
            .Should().Be(ProviderPreference.Cpu);
        log.Entries.Should().NotContain(e => e.Level >= LogLevel.Warning);
    }
}
