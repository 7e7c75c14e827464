using Microsoft.Extensions.Logging.Console;
using TwinningCloud.Web.Platform.Observability;

namespace TwinningCloud.Web.Platform.Web;

internal static class JsonLogging
{
    /// <summary>
    /// <c>Logging:Format=json</c> writes one JSON object a line (with scopes: tenant, request id; the trace id and the
    /// event category at the top level, <see cref="JsonLogFormatter"/>) instead of plain text.
    /// </summary>
    public static WebApplicationBuilder AddConfiguredLogFormat(this WebApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.FormatterName = JsonLogFormatter.FormatterName);
            builder.Logging.AddConsoleFormatter<JsonLogFormatter, JsonConsoleFormatterOptions>(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        return builder;
    }
}
