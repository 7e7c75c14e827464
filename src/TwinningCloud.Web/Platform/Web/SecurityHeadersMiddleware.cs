namespace TwinningCloud.Web.Platform.Web;

/// <summary>Headers every response carries: a strict Content-Security-Policy (no inline script or style), no sniffing, no framing.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// <c>HttpContext.Items</c> key: an origin this answer's forms may also post to, redirects included (the OAuth consent
    /// page: its answer redirects to the application's redirect URI, which <c>form-action 'self'</c> would block).
    /// </summary>
    public const string ExtraFormActionItem = "tc.csp.form-action";

    /// <summary>
    /// <c>HttpContext.Items</c> key: this answer may carry inline styles (<c>style-src 'self' 'unsafe-inline'</c>; scripts stay
    /// strict). Set only for Hangfire's dashboard, a third-party page for operators whose markup and charts use style attributes.
    /// </summary>
    public const string InlineStylesItem = "tc.csp.inline-styles";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            var policy = http.Items[ExtraFormActionItem] is string origin
                ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {origin}", StringComparison.Ordinal)
                : ContentSecurityPolicy;
            headers.ContentSecurityPolicy = http.Items.ContainsKey(InlineStylesItem)
                ? policy.Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
                : policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
