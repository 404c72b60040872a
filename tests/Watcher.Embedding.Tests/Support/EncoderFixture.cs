using Microsoft.Extensions.Logging.Abstractions;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Models;

namespace Watcher.Embedding.Tests.Support;

/// <summary>The real mobilenetv3-small from ../shared/models, loaded once per test class.</summary>
public sealed class EncoderFixture : IDisposable
{
    public ModelRegistry Registry { get; }
    public OnnxImageEncoder Encoder { get; }

    public EncoderFixture()
    {
        Registry = ModelRegistry.Load([SharedData.ModelsDir], SharedData.RepoRoot);
        Encoder = OnnxImageEncoder.Create(Registry.Select("mobilenetv3-small"), new EncoderOptions { Provider = ProviderPreference.Cpu },
            NullLogger.Instance);
    }

    public void Dispose() => Encoder.Dispose();
}
