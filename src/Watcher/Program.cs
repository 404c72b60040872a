using System.CommandLine;
using Serilog;
using Serilog.Events;
using Watcher.Commands;

// Logging exists before anything else can fail, so even a broken config file is reported.
Log.Logger = new LoggerConfiguration()
    .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
    .CreateBootstrapLogger();
try
{
    return await WatcherCli.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
}
finally
{
    await Log.CloseAndFlushAsync().ConfigureAwait(false);
}
