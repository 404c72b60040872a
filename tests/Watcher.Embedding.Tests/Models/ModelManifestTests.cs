using Watcher.Embedding.Models;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Models;

public sealed class ModelManifestTests
{
    [Theory]
    [InlineData("clip-vit-b32", 512, Interpolation.Bicubic, 224)]
    [InlineData("mobilenetv3-small", 576, Interpolation.Bilinear, 256)]
    [InlineData("mobilenetv2-int8", 1000, Interpolation.Bilinear, 256)]
    public void Shipped_manifests_parse(string id, int dimension, Interpolation interpolation, int resize)
    {
        var path = Path.Combine(SharedData.RepoRoot, "models", id + ".json");

        var manifest = ModelManifest.Parse(File.ReadAllText(path), path);

        manifest.Id.Should().Be(id);
        manifest.Output.Dimension.Should().Be(dimension);
        manifest.Preprocess.Interpolation.Should().Be(interpolation);
        manifest.Preprocess.ResizeShorterTo.Should().Be(resize);
        manifest.Preprocess.CropSize.Should().Be(224);
        manifest.Sha256.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    private const string Valid = """
        { "id": "m", "file": "m/model.onnx",
          "input": { "name": "in", "height": 224, "width": 224 },
          "preprocess": { "resizeShorterTo": 256, "cropSize": 224, "mean": [0.5,0.5,0.5], "std": [0.5,0.5,0.5] },
          "output": { "name": "out", "dimension": 8 } }
        """;

    [Theory]
    [InlineData("\"file\": \"m/model.onnx\"", "\"file\": \"../escape.onnx\"", "relative path")]
    [InlineData("\"cropSize\": 224", "\"cropSize\": 200", "cropSize must equal")]
    [InlineData("\"resizeShorterTo\": 256", "\"resizeShorterTo\": 100", "resizeShorterTo")]
    [InlineData("\"std\": [0.5,0.5,0.5]", "\"std\": [0.5,0,0.5]", "std values")]
    [InlineData("\"mean\": [0.5,0.5,0.5]", "\"mean\": [0.5]", "3 values")]
    [InlineData("\"dimension\": 8", "\"dimension\": 0", "dimension")]
    [InlineData("{ \"id\"", "{ \"id\" oops", "not valid JSON")]
    public void Invalid_manifest_says_what_is_wrong(string find, string replace, string message)
    {
        var act = () => ModelManifest.Parse(Valid.Replace(find, replace, StringComparison.Ordinal), "test.json");

        act.Should().Throw<ModelManifestException>().WithMessage($"*test.json*{message}*");
    }

    [Fact]
    public void Valid_manifest_parses() => ModelManifest.Parse(Valid, "test.json").Output.Name.Should().Be("out");
}
