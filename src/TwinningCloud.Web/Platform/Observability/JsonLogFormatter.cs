using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace TwinningCloud.Web.Platform.Observability;

/// <summary>
/// One JSON object a line, the fields of .NET's JSON console format (<c>Timestamp</c>, <c>EventId</c>, <c>LogLevel</c>,
/// <c>Category</c>, <c>Message</c>, <c>Exception</c>, <c>State</c>, <c>Scopes</c>) plus, at the top level of every line:
/// <c>TraceId</c> and <c>SpanId</c> (of the request or job being handled; empty strings outside any trace, at start-up
/// for instance) and <c>EventCategory</c>: <c>security</c> for the security events (event ids 4000–4999: sign-ins,
/// roles, passwords, API clients and tokens, refused hosts), else <c>application</c>.
/// </summary>
internal sealed class JsonLogFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "twinning-json";
    public const string SecurityCategory = "security";
    public const string ApplicationCategory = "application";

    private readonly IDisposable? _reload;
    private JsonConsoleFormatterOptions _options;

    public JsonLogFormatter(IOptionsMonitor<JsonConsoleFormatterOptions> options) : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    /// <summary>Security events are the event ids 4000–4999 (<c>Platform/Identity/SecurityEvents.cs</c> and the others marked "Security:").</summary>
    public static bool IsSecurityEvent(EventId id) => id.Id is >= 4000 and < 5000;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var entry = logEntry;
        var message = entry.Formatter?.Invoke(entry.State, entry.Exception);
        if (entry.Exception is null && message is null)
        {
            return;
        }
        var options = _options;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options.JsonWriterOptions))
        {
            json.WriteStartObject();
            if (options.TimestampFormat is { } format)
            {
                var now = options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
                json.WriteString("Timestamp", now.ToString(format, CultureInfo.InvariantCulture));
            }
            json.WriteNumber("EventId", entry.EventId.Id);
            json.WriteString("LogLevel", entry.LogLevel.ToString());
            json.WriteString("Category", entry.Category);
            json.WriteString("EventCategory", IsSecurityEvent(entry.EventId) ? SecurityCategory : ApplicationCategory);
            var activity = Activity.Current;
            json.WriteString("TraceId", activity is null ? "" : activity.TraceId.ToHexString());
            json.WriteString("SpanId", activity is null ? "" : activity.SpanId.ToHexString());
            json.WriteString("Message", message);
            if (entry.Exception is { } exception)
            {
                json.WriteString("Exception", exception.ToString());
            }
            if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> state)
            {
                json.WriteStartObject("State");
                json.WriteString("Message", entry.State.ToString());
                foreach (var (key, value) in state)
                {
                    WriteItem(json, key, value);
                }
                json.WriteEndObject();
            }
            if (options.IncludeScopes && scopeProvider is not null)
            {
                json.WriteStartArray("Scopes");
                scopeProvider.ForEachScope((scope, writer) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> items)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("Message", scope.ToString());
                        foreach (var (key, value) in items)
                        {
                            WriteItem(writer, key, value);
                        }
                        writer.WriteEndObject();
                    }
                    else
                    {
                        writer.WriteStringValue(Convert.ToString(scope, CultureInfo.InvariantCulture));
                    }
                }, json);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteItem(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or short or byte or sbyte or ushort or uint or ulong:
                json.WriteNumber(key, Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
            case decimal m:
                json.WriteNumber(key, m);
                break;
            case double or float when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public void Dispose() => _reload?.Dispose();
}
