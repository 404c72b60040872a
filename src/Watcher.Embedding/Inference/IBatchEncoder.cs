namespace Watcher.Embedding.Inference;

/// <summary>Turns a batch of preprocessed input tensors into L2-normalised embeddings.</summary>
public interface IBatchEncoder
{
    /// <summary>Floats per image in the input (3 x H x W).</summary>
    int InputLength { get; }

    int Dimension { get; }

    /// <summary>True when inference uses the same CPU cores as decoding (no GPU).</summary>
    bool RunsOnCpu { get; }

    /// <summary><paramref name="input"/> holds count x InputLength floats; writes count x Dimension.</summary>
    void Encode(Memory<float> input, int count, Span<float> output);
}
