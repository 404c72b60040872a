using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Watcher.Core.Vectors;
using Watcher.Embedding.Models;

namespace Watcher.Embedding.Inference;

public sealed record EncoderOptions
{
    public ProviderPreference Provider { get; init; } = ProviderPreference.Auto;
    public int DeviceId { get; init; }
    /// <summary>0 lets ONNX Runtime use one thread per physical core.</summary>
    public int IntraOpThreads { get; init; }
    /// <summary>On a CPU, one intra-op thread: the pipeline then runs one call per core side by side.</summary>
    public bool SingleThreadOnCpu { get; init; }
    public bool VerifyChecksum { get; init; } = true;
}

/// <summary>One ONNX session for one encoder; thread-safe for sequential batches from one caller.</summary>
public sealed class OnnxImageEncoder : IBatchEncoder, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();
    private readonly int _crop;

    public ModelManifest Manifest { get; }
    public ProviderPreference Provider { get; }
    public int InputLength { get; }
    public int Dimension { get; }
    public bool RunsOnCpu => Provider == ProviderPreference.Cpu;

    private OnnxImageEncoder(InferenceSession session, ModelManifest manifest, ProviderPreference provider)
    {
        _session = session;
        Manifest = manifest;
        Provider = provider;
        _crop = manifest.Preprocess.CropSize;
        InputLength = 3 * _crop * _crop;
        Dimension = manifest.Output.Dimension;
        _inputNames = [manifest.Input.Name];
        _outputNames = [manifest.Output.Name];
    }

    public static OnnxImageEncoder Create(ResolvedModel model, EncoderOptions options, ILogger logger, IProviderApi? providerApi = null)
    {
        var path = model.WeightsPath ?? throw new ModelManifestException($"Weights for model '{model.Manifest.Id}' are not present.");
        if (options.VerifyChecksum) ModelRegistry.VerifyChecksum(model);
        var selector = new ExecutionProviderSelector(providerApi ?? new OrtProviderApi(), logger);
        using var sessionOptions = NewSessionOptions(options);
        var provider = selector.Apply(sessionOptions, options.Provider, options.DeviceId);
        if (provider == ProviderPreference.Cpu && options.SingleThreadOnCpu) sessionOptions.IntraOpNumThreads = 1;
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException ex) when (provider != ProviderPreference.Cpu)
        {
            // A GPU provider can attach and still fail here (missing cuDNN, no device): run on CPU.
            logger.LogWarning("{Provider} session could not start ({Reason}); falling back to CPU", provider, ex.Message);
            using var cpuOptions = NewSessionOptions(options);
            if (options.SingleThreadOnCpu) cpuOptions.IntraOpNumThreads = 1;
            session = new InferenceSession(path, cpuOptions);
            provider = ProviderPreference.Cpu;
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelManifestException($"ONNX Runtime cannot load {path} for model '{model.Manifest.Id}': {ex.Message}", ex);
        }
        try
        {
            CheckAgainstManifest(session, model.Manifest, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        logger.LogInformation("Encoder {Model} loaded from {Path}: {Dimension}-d output, provider {Provider}",
            model.Manifest.Id, path, model.Manifest.Output.Dimension, provider);
        return new OnnxImageEncoder(session, model.Manifest, provider);
    }

    private static SessionOptions NewSessionOptions(EncoderOptions options)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // mobilenetv3-small declares a fixed batch of 1 on its output and ORT warns on every run.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            IntraOpNumThreads = options.IntraOpThreads,
        };
        // Spinning workers would steal the cores the decoders need between batches.
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return so;
    }

    private static void CheckAgainstManifest(InferenceSession session, ModelManifest manifest, string path)
    {
        if (!session.InputMetadata.TryGetValue(manifest.Input.Name, out var input))
            throw new ModelManifestException($"Model {path} has no input '{manifest.Input.Name}' (it has: {string.Join(", ", session.InputMetadata.Keys)}); fix models/{manifest.Id}.json.");
        if (!session.OutputMetadata.TryGetValue(manifest.Output.Name, out var output))
            throw new ModelManifestException($"Model {path} has no output '{manifest.Output.Name}' (it has: {string.Join(", ", session.OutputMetadata.Keys)}); fix models/{manifest.Id}.json.");
        var dims = input.Dimensions;
        int[] expected = [-1, manifest.Input.Channels, manifest.Input.Height, manifest.Input.Width];
        if (dims.Length != 4 || Enumerable.Range(1, 3).Any(i => dims[i] > 0 && dims[i] != expected[i]))
            throw new ModelManifestException($"Model {path} input is [{string.Join(",", dims)}], the manifest says [N,{manifest.Input.Channels},{manifest.Input.Height},{manifest.Input.Width}].");
        var perImage = output.Dimensions.Skip(1).Where(d => d > 0).Aggregate(1L, (a, d) => a * d);
        if (output.Dimensions.Skip(1).All(d => d > 0) && perImage != manifest.Output.Dimension)
            throw new ModelManifestException($"Model {path} output is [{string.Join(",", output.Dimensions)}] ({perImage} per image), the manifest says {manifest.Output.Dimension}; this model was made for another manifest.");
    }

    public void Encode(Memory<float> input, int count, Span<float> output)
    {
        if (count == 0) return;
        if (input.Length < count * InputLength) throw new ArgumentException("input shorter than count images", nameof(input));
        if (output.Length < count * Dimension) throw new ArgumentException("output shorter than count embeddings", nameof(output));
        long[] shape = [count, 3, _crop, _crop];
        using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input[..(count * InputLength)], shape);
        using var results = _session.Run(_runOptions, _inputNames, [tensor], _outputNames);
        var values = results[0].GetTensorDataAsSpan<float>();
        if (values.Length != count * Dimension)
            throw new InvalidOperationException($"Model {Manifest.Id} returned {values.Length} values for {count} images; expected {count * Dimension}.");
        var dest = output[..(count * Dimension)];
        values.CopyTo(dest);
        VectorOps.NormalizeRows(dest, Dimension);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
