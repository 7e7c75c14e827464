namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>
/// Answers 400 to a request whose <c>Host</c> is neither the platform's own (<see cref="PublicOrigin.IsPlatformHost"/>)
/// nor a town's configured host name (from <see cref="TenantCatalog"/>, so a host name the operator adds works at once,
/// on every instance). Not <c>AllowedHosts</c>: that list is fixed at start. The port is not compared (a proxy may
/// or may not pass it on); links never come from the <c>Host</c> anyway (<see cref="PublicOrigin"/>).
/// </summary>
internal sealed partial class KnownHostMiddleware(RequestDelegate next, TenantCatalog catalog, PublicOrigin origin, ILogger<KnownHostMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var host = http.Request.Host.Host;
        if (host.Length > 0 && (origin.IsPlatformHost(host) || await catalog.FindByHostAsync(host, http.RequestAborted) is not null))
        {
            await next(http);
            return;
        }
        UnknownHost(logger, host.Length > 100 ? host[..100] : host);
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync("400 Bad Request: unknown host name.\n", http.RequestAborted);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Security: request for unknown host {Host} refused (400)")]
    private static partial void UnknownHost(ILogger logger, string host);
}
