namespace TwinningCloud.Web.Platform.Web;

public static class JsonLogging
{
    /// <summary><c>Logging:Format=json</c> writes one JSON object a line (with scopes: tenant, request id) instead of plain text.</summary>
    public static WebApplicationBuilder AddConfiguredLogFormat(this WebApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        return builder;
    }
}
