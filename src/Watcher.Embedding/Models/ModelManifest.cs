using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Embedding.Models;

/// <summary>What an encoder needs to be fed and what it returns; one JSON file per encoder in models/.</summary>
public sealed record ModelManifest
{
    public required string Id { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Lower wins when the default model is chosen among those present.</summary>
    public int Priority { get; init; } = 100;
    /// <summary>Weights path relative to a models directory, e.g. "mobilenetv3-small/model.onnx".</summary>
    public required string File { get; init; }
    public string? Sha256 { get; init; }
    public string? License { get; init; }
    public string? Download { get; init; }
    public required ModelInput Input { get; init; }
    public required Preprocess Preprocess { get; init; }
    public required ModelOutput Output { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Parses and checks a manifest; <paramref name="source"/> names it in error messages.</summary>
    public static ModelManifest Parse(string json, string source)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelManifestException($"Model manifest {source} is not valid JSON: {ex.Message}", ex);
        }
        if (manifest is null)
        {
            throw new ModelManifestException($"Model manifest {source} is empty.");
        }
        manifest.Validate(source);
        return manifest;
    }

    private void Validate(string source)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id)) problems.Add("id is empty");
        if (string.IsNullOrWhiteSpace(File) || Path.IsPathRooted(File) || File.Contains("..", StringComparison.Ordinal))
            problems.Add("file must be a relative path inside the models directory");
        if (Input.Channels != 3) problems.Add("input.channels must be 3");
        if (Input.Height <= 0 || Input.Width <= 0) problems.Add("input height and width must be positive");
        if (Preprocess.CropSize != Input.Height || Preprocess.CropSize != Input.Width)
            problems.Add("preprocess.cropSize must equal the input height and width");
        if (Preprocess.ResizeShorterTo < Preprocess.CropSize) problems.Add("preprocess.resizeShorterTo must be >= cropSize");
        if (Preprocess.Mean is not { Length: 3 } || Preprocess.Std is not { Length: 3 }) problems.Add("mean and std need 3 values");
        else if (Preprocess.Std.Any(s => s <= 0)) problems.Add("std values must be positive");
        if (Output.Dimension <= 0) problems.Add("output.dimension must be positive");
        if (string.IsNullOrWhiteSpace(Input.Name) || string.IsNullOrWhiteSpace(Output.Name)) problems.Add("input.name and output.name are required");
        if (problems.Count > 0)
        {
            throw new ModelManifestException($"Model manifest {source} is invalid: {string.Join("; ", problems)}.");
        }
    }
}

public sealed record ModelInput
{
    public required string Name { get; init; }
    public int Channels { get; init; } = 3;
    public int Height { get; init; }
    public int Width { get; init; }
    public string Layout { get; init; } = "NCHW";
}

public enum Interpolation
{
    Bilinear,
    Bicubic,
}

public enum ChannelOrder
{
    Rgb,
    Bgr,
}

public sealed record Preprocess
{
    public int ResizeShorterTo { get; init; }
    public int CropSize { get; init; }
    public Interpolation Interpolation { get; init; } = Interpolation.Bilinear;
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;
    public float[] Mean { get; init; } = [];
    public float[] Std { get; init; } = [];
}

public sealed record ModelOutput
{
    public required string Name { get; init; }
    public int Dimension { get; init; }
}

public sealed class ModelManifestException : Exception
{
    public ModelManifestException(string message) : base(message) { }
    public ModelManifestException(string message, Exception inner) : base(message, inner) { }
}
