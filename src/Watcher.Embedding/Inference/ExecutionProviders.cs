using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Watcher.Embedding.Inference;

public enum ProviderPreference
{
    Auto,
    Cuda,
    DirectML,
    Cpu,
}

/// <summary>The native calls that attach a GPU provider; an interface so the fallback is testable without a GPU.</summary>
public interface IProviderApi
{
    IReadOnlyCollection<string> Available();

    void Append(SessionOptions options, ProviderPreference provider, int deviceId);
}

public sealed class OrtProviderApi : IProviderApi
{
    public IReadOnlyCollection<string> Available() => OrtEnv.Instance().GetAvailableProviders();

    public void Append(SessionOptions options, ProviderPreference provider, int deviceId)
    {
        switch (provider)
        {
            case ProviderPreference.Cuda: options.AppendExecutionProvider_CUDA(deviceId); break;
            case ProviderPreference.DirectML: options.AppendExecutionProvider_DML(deviceId); break;
            default: throw new ArgumentOutOfRangeException(nameof(provider), provider, "only GPU providers are appended");
        }
    }
}

/// <summary>
/// auto tries CUDA, then DirectML, then CPU. A provider is attempted only when this ONNX Runtime
/// build lists it, and any failure to attach it falls back to CPU with a log line saying why:
/// the CPU package answers CUDA with EntryPointNotFoundException, a GPU package without its
/// driver libraries answers with OnnxRuntimeException.
/// </summary>
public sealed class ExecutionProviderSelector(IProviderApi api, ILogger logger)
{
    public static string OrtName(ProviderPreference p) => p switch
    {
        ProviderPreference.Cuda => "CUDAExecutionProvider",
        ProviderPreference.DirectML => "DmlExecutionProvider",
        _ => "CPUExecutionProvider",
    };

    /// <summary>Attaches the first provider that works and returns it (Cpu when none did).</summary>
    public ProviderPreference Apply(SessionOptions options, ProviderPreference requested, int deviceId)
    {
        ProviderPreference[] order = requested switch
        {
            ProviderPreference.Auto => [ProviderPreference.Cuda, ProviderPreference.DirectML],
            ProviderPreference.Cuda => [ProviderPreference.Cuda],
            ProviderPreference.DirectML => [ProviderPreference.DirectML],
            _ => [],
        };
        var available = api.Available();
        foreach (var provider in order)
        {
            if (!available.Contains(OrtName(provider)))
            {
                Report(requested, provider, $"this ONNX Runtime build has no {OrtName(provider)} (it has {string.Join(", ", available)})");
                continue;
            }
            try
            {
                api.Append(options, provider, deviceId);
                logger.LogInformation("Execution provider {Provider} attached (device {DeviceId})", provider, deviceId);
                return provider;
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException or InvalidOperationException)
            {
                Report(requested, provider, ex.Message);
            }
        }
        if (requested == ProviderPreference.Cpu) logger.LogInformation("Execution provider CPU (as configured)");
        return ProviderPreference.Cpu;
    }

    private void Report(ProviderPreference requested, ProviderPreference provider, string why)
    {
        // Asking for a GPU by name and not getting one deserves a warning; auto quietly moving on does not.
        if (requested == ProviderPreference.Auto)
            logger.LogInformation("{Provider} not used: {Reason}; trying the next provider, CPU last", provider, why);
        else
            logger.LogWarning("{Provider} was requested but cannot run: {Reason}. Falling back to CPU", provider, why);
    }
}
