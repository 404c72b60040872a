using Watcher.Embedding.Models;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Models;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ModelRegistry RegistryWith(params string[] presentWeights)
    {
        var name = "weights-" + Guid.NewGuid().ToString("N");
        var dir = Path.Combine(_temp.Path, name);
        Directory.CreateDirectory(dir);
        foreach (var file in presentWeights) _temp.Write(Path.Combine(name, file), [1, 2, 3]);
        return ModelRegistry.Load([dir], SharedData.RepoRoot);
    }

    [Fact]
    public void Auto_prefers_clip_when_present()
    {
        var registry = RegistryWith("clip-vit-b32/model.onnx", "mobilenetv3-small/model.onnx");

        registry.Select("auto").Manifest.Id.Should().Be("clip-vit-b32");
    }

    [Fact]
    public void Auto_takes_the_first_present_model_in_priority_order()
    {
        RegistryWith("mobilenetv2-int8/model.onnx", "mobilenetv3-small/model.onnx").Select("auto").Manifest.Id.Should().Be("mobilenetv3-small");
        RegistryWith("mobilenetv2-int8/model.onnx").Select(null).Manifest.Id.Should().Be("mobilenetv2-int8");
    }

    [Fact]
    public void Shared_models_default_to_mobilenetv3_small()
    {
        ModelRegistry.Load([SharedData.ModelsDir], SharedData.RepoRoot).Select("auto").Manifest.Id.Should().Be("mobilenetv3-small");
    }

    [Fact]
    public void No_weights_anywhere_explains_how_to_get_them()
    {
        var act = () => RegistryWith().Select("auto");

        act.Should().Throw<ModelManifestException>().WithMessage("*No model weights found*download-model.sh*WATCHER_MODELS_DIR*");
    }

    [Fact]
    public void Named_model_without_weights_names_the_file_and_the_download()
    {
        var act = () => RegistryWith("mobilenetv3-small/model.onnx").Select("clip-vit-b32");

        act.Should().Throw<ModelManifestException>().WithMessage("*clip-vit-b32/model.onnx*download-model.sh clip-vit-b32*");
    }

    [Fact]
    public void Unknown_model_lists_the_known_ones()
    {
        var act = () => RegistryWith().Select("resnet9000");

        act.Should().Throw<ModelManifestException>().WithMessage("*resnet9000*clip-vit-b32*mobilenetv3-small*");
    }

    [Fact]
    public void Search_path_order_is_option_then_environment_then_working_folder_then_executable()
    {
        var path = ModelRegistry.BuildSearchPath("/opt/a", "/opt/b", "/work/here", "/app");

        path.Should().Equal("/opt/a", "/opt/b", "/work/here/models", "/app/models");
        ModelRegistry.BuildSearchPath(null, "", "/w", "/w").Should().Equal("/w/models");
    }

    [Fact]
    public void Earlier_search_directory_wins_and_can_add_a_manifest()
    {
        _temp.Write("first/mobilenetv3-small/model.onnx", [1]);
        _temp.Write("second/mobilenetv3-small/model.onnx", [2]);
        File.WriteAllText(_temp.File("second/tiny.json"), File.ReadAllText(Path.Combine(SharedData.RepoRoot, "models", "mobilenetv3-small.json"))
            .Replace("\"mobilenetv3-small\"", "\"tiny\"", StringComparison.Ordinal));

        var registry = ModelRegistry.Load([_temp.File("first"), _temp.File("second")], SharedData.RepoRoot);

        registry.Select("mobilenetv3-small").WeightsPath.Should().Be(_temp.File("first/mobilenetv3-small/model.onnx"));
        registry.Manifests.Select(m => m.Id).Should().Contain("tiny");
    }
}
