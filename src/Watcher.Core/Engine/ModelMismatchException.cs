namespace Watcher.Core.Engine;

// Thrown when a saved model meets embeddings from a different encoder: distances between
// vectors of two different models mean nothing, so filing with it would silently scramble.
public sealed class ModelMismatchException : Exception
{
    public ModelMismatchException()
    {
    }

    public ModelMismatchException(string message)
        : base(message)
    {
    }

    public ModelMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
