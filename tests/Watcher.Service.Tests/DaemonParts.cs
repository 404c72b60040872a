using Microsoft.Extensions.DependencyInjection;
using Watcher.Core.Engine;
using Watcher.Embedding;
using Watcher.Embedding.Inference;
using Watcher.Service.Inbox;
using Watcher.Service.Options;

namespace Watcher.Service.Tests;

/// <summary>
/// The daemon's parts as `watcher run` registers them, on the real encoder and temp folders, with
/// no host: a test drives them directly, and disposing the provider is a process ending (the
/// catalog and embedding store let go of their files, so the next provider is the next run).
/// </summary>
internal static class DaemonParts
{
    public static ServiceProvider Build(string root, int minImages, int afterNewImages = 1000, Action<IServiceCollection>? also = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new EmbeddingSettings { ModelsDir = SharedData.ModelsDir, Model = "mobilenetv3-small", Provider = ProviderPreference.Cpu })
            .AddSingleton<EncoderFactory>()
            .AddWatcherDaemon(new DaemonOptions(
                Path.Combine(root, "data"), new InboxOptions { Paths = [Path.Combine(root, "inbox")] },
                new OutputOptions { Dir = Path.Combine(root, "output") }, new BootstrapOptions { MinImages = minImages },
                new DuplicateOptions(), new ReclusterOptions { AfterNewImages = afterNewImages }, new IngestOptions(), new EngineOptions()));
        also?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Copies <paramref name="count"/> imagenette photos (as many of each class) into root/inbox, as the watcher would hand them over.</summary>
    public static List<SettledFile> DropPhotos(string root, int count)
    {
        string inbox = Path.Combine(root, "inbox");
        Directory.CreateDirectory(inbox);
        return SharedData.Sample(SharedData.Imagenette, count / 10).Select(p =>
        {
            string path = Path.Combine(inbox, Path.GetFileName(p.Path));
            File.Copy(p.Path, path);
            return new SettledFile(path, new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
        }).ToList();
    }
}
