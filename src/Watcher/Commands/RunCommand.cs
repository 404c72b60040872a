using System.CommandLine;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Watcher.Hosting;
using Watcher.Service;
using Watcher.Service.Api;
using Watcher.Service.Web;

namespace Watcher.Commands;

/// <summary>
/// watcher run: the daemon in the foreground. The same entry point runs under systemd (notify
/// readiness, journald-friendly) and as a Windows service; both helpers do nothing elsewhere.
/// </summary>
public static class RunCommand
{
    /// <summary>A stop must finish or journal the batch in hand within this; systemd waits 30 s.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public static Command Create(GlobalOptions global)
    {
        var command = new Command("run", "Run the daemon in the foreground: watch the inboxes, file images, re-cluster, serve the loopback API.");
        command.SetAction(async (parse, ct) =>
        {
            var (configuration, settings) = CommandContext.LoadSettings(parse, global);
            using var serilog = AppConfiguration.CreateLogger(configuration, settings);
            Log.Logger = serilog;
            var options = new DaemonOptions(settings.DataDir, settings.Inbox, settings.Output, settings.Bootstrap, settings.Duplicates,
                settings.Recluster, settings.Ingest, settings.Clustering);

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Host.UseSystemd();
            builder.Host.UseWindowsService(o => o.ServiceName = "Watcher");
            builder.Logging.ClearProviders();
            builder.Services.AddSerilog(serilog, dispose: false);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
            builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
            IPAddress address = ListenAddress(settings.Api.Address);
            builder.WebHost.ConfigureKestrel(k => k.Listen(address, settings.Api.Port));
            builder.Services.AddWatcherEmbedding(settings).AddWatcherDaemon(options);

            await using var app = builder.Build();
            // Opened (and checked) before anything starts: an unusable catalog stops the daemon with
            // one sentence, before the review page is announced or any file is looked at.
            app.Services.GetRequiredService<Watcher.Catalog.CatalogDb>();
            app.UseWatcherWeb();
            string host = IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : address.ToString();
            Log.Information("Watcher starting: inboxes {Inboxes}, output {Output}, data {Data}",
                options.Inbox.Paths, Path.GetFullPath(options.Output.Dir), Path.GetFullPath(options.DataDir));
            if (!IPAddress.IsLoopback(address))
            {
                Log.Warning("The API and review page listen on {Address}, not only on this machine (Watcher:Api:Address): anyone on the network " +
                    "who has the access token can use them, over plain HTTP; set it to 127.0.0.1 unless that is meant", address);
            }

            Log.Information("Review page: http://{Host}:{Port}/?token={Token}", host, settings.Api.Port, app.Services.GetRequiredService<AccessToken>().Value);
            await app.RunAsync(ct).ConfigureAwait(false);
            Log.Information("Watcher stopped");
            return 0;
        });
        return command;
    }

    private static IPAddress ListenAddress(string address) =>
        address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(address, out IPAddress? parsed) ? parsed
        : throw new ArgumentException($"Watcher:Api:Address '{address}' is not an IP address (use 127.0.0.1, the default, or 0.0.0.0 for every interface).");
}
