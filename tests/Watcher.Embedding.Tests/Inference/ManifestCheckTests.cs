using Microsoft.Extensions.Logging.Abstractions;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Models;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Inference;

/// <summary>A manifest that does not match its weights fails at load with a message naming the fix.</summary>
public sealed class ManifestCheckTests
{
    private static readonly ModelRegistry Registry = ModelRegistry.Load([SharedData.ModelsDir], SharedData.RepoRoot);

    [Fact]
    public void Wrong_output_dimension_is_reported()
    {
        var real = Registry.Select("mobilenetv3-small");
        var wrong = real with { Manifest = real.Manifest with { Output = real.Manifest.Output with { Dimension = 512 } } };

        var act = () => OnnxImageEncoder.Create(wrong, new EncoderOptions { VerifyChecksum = false }, NullLogger.Instance);

        act.Should().Throw<ModelManifestException>().WithMessage("*576*512*");
    }

    [Fact]
    public void Clip_manifest_on_mobilenet_weights_names_the_missing_input()
    {
        var clip = Registry.Manifests.Single(m => m.Id == "clip-vit-b32");
        var weights = Registry.Select("mobilenetv3-small").WeightsPath;

        var act = () => OnnxImageEncoder.Create(new ResolvedModel(clip, weights), new EncoderOptions { VerifyChecksum = false }, NullLogger.Instance);

        act.Should().Throw<ModelManifestException>().WithMessage("*pixel_values*");
    }

    [Fact]
    public void Checksum_mismatch_is_reported()
    {
        var real = Registry.Select("mobilenetv2-int8");
        var wrong = real with { Manifest = real.Manifest with { Sha256 = new string('0', 64) } };

        var act = () => OnnxImageEncoder.Create(wrong, new EncoderOptions(), NullLogger.Instance);

        act.Should().Throw<ModelManifestException>().WithMessage("*sha256*");
    }

    [Fact]
    public void Int8_model_loads_and_gives_unit_vectors()
    {
        using var encoder = OnnxImageEncoder.Create(Registry.Select("mobilenetv2-int8"), new EncoderOptions(), NullLogger.Instance);
        var output = new float[2 * encoder.Dimension];

        encoder.Encode(new float[2 * encoder.InputLength], 2, output);

        encoder.Dimension.Should().Be(1000);
        Watcher.Core.Vectors.VectorOps.Cosine(output.AsSpan(0, 1000), output.AsSpan(0, 1000)).Should().BeApproximately(1f, 1e-4f);
        System.Numerics.Tensors.TensorPrimitives.Norm(output.AsSpan(1000, 1000)).Should().BeApproximately(1f, 1e-4f);
    }
}
