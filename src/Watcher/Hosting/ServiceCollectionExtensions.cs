using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Watcher.Embedding;

namespace Watcher.Hosting;

/// <summary>Explicit registrations, one method per area; no assembly scanning.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddWatcherLogging(this IServiceCollection services, Serilog.ILogger logger) =>
        services.AddSingleton<ILoggerFactory>(_ => new SerilogLoggerFactory(logger, dispose: false))
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>));

    public static IServiceCollection AddWatcherEmbedding(this IServiceCollection services, WatcherSettings settings) =>
        services.AddSingleton(settings)
            .AddSingleton(settings.Embedding)
            .AddSingleton<EncoderFactory>();
}
