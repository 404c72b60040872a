using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace Watcher.Hosting;

/// <summary>Loads config/appsettings.json (plus WATCHER_ environment overrides) and sets up Serilog from it.</summary>
public static class AppConfiguration
{
    public const string ConfigEnvironmentVariable = "WATCHER_CONFIG";

    /// <summary>--config, then WATCHER_CONFIG, then config/appsettings.json beside the executable.</summary>
    public static string ResolveConfigPath(string? configOption)
    {
        var path = configOption
            ?? Environment.GetEnvironmentVariable(ConfigEnvironmentVariable)
            ?? Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json");
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Configuration file not found: {path} (pass --config or set {ConfigEnvironmentVariable}).", path);
        return path;
    }

    public static IConfigurationRoot Build(string configPath) =>
        new ConfigurationBuilder()
            .AddJsonFile(configPath, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables("WATCHER_")
            .Build();

    public static WatcherSettings Bind(IConfiguration configuration)
    {
        var settings = new WatcherSettings();
        configuration.GetSection("Watcher").Bind(settings);
        // The binder appends a configured list to the default one instead of replacing it, which
        // would watch ./inbox as well as the configured folders.
        settings.Inbox.Paths = configuration.GetSection("Watcher:Inbox:Paths").Get<List<string>>() ?? ["inbox"];
        return settings;
    }

    /// <summary>
    /// Levels come from the "Serilog" section. The console sink writes to stderr so that stdout
    /// stays clean for --json; the rolling file goes to data/logs.
    /// </summary>
    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration, WatcherSettings settings)
    {
        var config = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        if (settings.LogFiles.Enabled)
        {
            var logs = Path.Combine(Path.GetFullPath(settings.DataDir), "logs");
            config = config.WriteTo.File(Path.Combine(logs, "watcher-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: settings.LogFiles.RetainedFileCountLimit,
                fileSizeLimitBytes: settings.LogFiles.FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
        }
        return config.CreateLogger();
    }
}
