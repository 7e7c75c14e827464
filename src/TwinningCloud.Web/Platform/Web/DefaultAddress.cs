namespace TwinningCloud.Web.Platform.Web;

/// <summary>
/// Where the app listens: <c>http://localhost:5080</c> unless something says otherwise — <c>ASPNETCORE_URLS</c>,
/// <c>--urls</c> on the command line, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> or <c>Kestrel:Endpoints</c>
/// in configuration. (The launch profile has no address of its own: one there would override
/// <c>ASPNETCORE_URLS</c> under <c>dotnet run</c>.)
/// </summary>
internal static class DefaultAddress
{
    public const string Value = "http://localhost:5080";

    public static WebApplicationBuilder UseDefaultAddress(this WebApplicationBuilder builder)
    {
        var c = builder.Configuration;
        if (string.IsNullOrWhiteSpace(c[WebHostDefaults.ServerUrlsKey]) && string.IsNullOrWhiteSpace(c[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrWhiteSpace(c[WebHostDefaults.HttpsPortsKey]) && !c.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(Value);
        }
        return builder;
    }
}
