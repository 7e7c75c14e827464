using Hangfire.Logging;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider (a static), and Hangfire.AspNetCore sets it to the logger
/// factory of the last app that configured Hangfire. When that app stops, its factory is disposed, and every
/// other app of the process then breaks inside Hangfire: its workers throw <see cref="ObjectDisposedException"/>
/// while logging and stop fetching jobs (seen in the tests, which run several app instances in one process:
/// a job stayed Enqueued for ever after another instance stopped). This provider writes to the most recent
/// logger factory that is still alive (each app adds its own while it runs) and never throws.
/// </summary>
internal sealed class HangfireLogProvider : ILogProvider
{
    public static readonly HangfireLogProvider Instance = new();

    private readonly List<ILoggerFactory> _live = [];
    private readonly Lock _lock = new();

    private HangfireLogProvider()
    {
    }

    /// <summary>Adds an app's logger factory; dispose the result when the app stops.</summary>
    public IDisposable Add(ILoggerFactory factory)
    {
        lock (_lock)
        {
            _live.Add(factory);
        }
        return new Registration(this, factory);
    }

    private ILoggerFactory? Current
    {
        get
        {
            lock (_lock)
            {
                return _live.Count == 0 ? null : _live[^1];
            }
        }
    }

    public ILog GetLogger(string name) => new ForwardingLog(this, name);

    private sealed class Registration(HangfireLogProvider provider, ILoggerFactory factory) : IDisposable
    {
        public void Dispose()
        {
            lock (provider._lock)
            {
                provider._live.Remove(factory);
            }
        }
    }

    private sealed class ForwardingLog(HangfireLogProvider provider, string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                if (provider.Current?.CreateLogger(name) is not { } logger)
                {
                    return false;
                }
                var level = logLevel switch
                {
                    Hangfire.Logging.LogLevel.Trace => MsLogLevel.Trace,
                    Hangfire.Logging.LogLevel.Debug => MsLogLevel.Debug,
                    Hangfire.Logging.LogLevel.Info => MsLogLevel.Information,
                    Hangfire.Logging.LogLevel.Warn => MsLogLevel.Warning,
                    Hangfire.Logging.LogLevel.Error => MsLogLevel.Error,
                    _ => MsLogLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }
#pragma warning disable CA1848, CA2254 // Hangfire hands over finished messages
                logger.Log(level, 0, exception, messageFunc());
#pragma warning restore CA1848, CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false; // that app stopped between the lookup and the write
            }
        }
    }
}
