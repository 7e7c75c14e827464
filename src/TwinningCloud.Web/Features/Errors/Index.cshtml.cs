using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Errors;

/// <summary>The error page of every status code, in the tenant's colours and the visitor's language.</summary>
[EndpointScope(EndpointScope.Shared)]
[IgnoreAntiforgeryToken]
[AllowAnonymous]
public sealed class ErrorModel(TenantContext tenantContext) : PageModel
{
    public int Code { get; private set; }
    public string TitleKey { get; private set; } = "error.generic.title";
    public string MessageKey { get; private set; } = "error.generic.message";

    public void OnGet(int code) => Show(code);

    public void OnPost(int code) => Show(code);

    private void Show(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        var reexecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        if (!reexecuted)
        {
            Response.StatusCode = Code;
        }
        (TitleKey, MessageKey) = Code switch
        {
            403 when tenantContext.Current is { IsActive: false } => ("error.suspended.title", "error.suspended.message"),
            403 => ("error.403.title", "error.403.message"),
            404 => ("error.404.title", "error.404.message"),
            >= 500 => ("error.500.title", "error.500.message"),
            _ => (TitleKey, MessageKey),
        };
    }
}
