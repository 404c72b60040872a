using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Watcher.Hosting;

namespace Watcher.Commands;

/// <summary>What a command needs: merged settings, Serilog, and the service container.</summary>
public sealed class CommandContext : IDisposable
{
    private readonly Serilog.Core.Logger _serilog;

    public WatcherSettings Settings { get; }
    public ServiceProvider Services { get; }

    private CommandContext(WatcherSettings settings, Serilog.Core.Logger serilog, ServiceProvider services)
    {
        Settings = settings;
        _serilog = serilog;
        Services = services;
    }

    public static CommandContext Create(ParseResult parse, GlobalOptions options)
    {
        var (configuration, settings) = LoadSettings(parse, options);
        var serilog = AppConfiguration.CreateLogger(configuration, settings);
        Serilog.Log.Logger = serilog;
        var services = new ServiceCollection()
            .AddWatcherLogging(serilog)
            .AddWatcherEmbedding(settings)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new CommandContext(settings, serilog, services);
    }

    /// <summary>Config file, WATCHER_ environment variables, then command-line overrides.</summary>
    public static (Microsoft.Extensions.Configuration.IConfigurationRoot Configuration, WatcherSettings Settings) LoadSettings(ParseResult parse, GlobalOptions options)
    {
        var configuration = AppConfiguration.Build(AppConfiguration.ResolveConfigPath(parse.GetValue(options.Config)));
        var settings = AppConfiguration.Bind(configuration);
        ApplyOverrides(parse, options, settings);
        return (configuration, settings);
    }

    private static void ApplyOverrides(ParseResult parse, GlobalOptions o, WatcherSettings s)
    {
        var e = s.Embedding;
        if (parse.GetValue(o.Data) is { } data) s.DataDir = data;
        if (parse.GetValue(o.Inbox) is { Length: > 0 } inboxes) s.Inbox.Paths = [.. inboxes];
        if (parse.GetValue(o.Output) is { } output) s.Output.Dir = output;
        if (parse.GetValue(o.ApiPort) is { } port) s.Api.Port = port;
        if (parse.GetValue(o.ModelsDir) is { } dir) e.ModelsDir = dir;
        if (parse.GetValue(o.Model) is { } model) e.Model = model;
        if (parse.GetValue(o.Provider) is { } provider) e.Provider = provider;
        if (parse.GetValue(o.BatchSize) is { } batch) e.BatchSize = batch;
        if (parse.GetValue(o.Workers) is { } workers) e.DecodeWorkers = workers;
        if (parse.GetValue(o.Threads) is { } threads) e.IntraOpThreads = threads;
    }

    public ILogger<T> Logger<T>() => Services.GetRequiredService<ILogger<T>>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public void Dispose()
    {
        Services.Dispose();
        _serilog.Dispose();
    }
}
