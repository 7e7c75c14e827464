using Microsoft.AspNetCore.Mvc;
using TwinningCloud.Web.Features.Register.Agreements;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

public static class DocumentDownload
{
    /// <summary>The document as an attachment (RFC 6266 name), with the type found at upload and <c>nosniff</c>.</summary>
    public static IActionResult Send(HttpContext http, FederationDocument document, bool isPublic)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = isPublic ? "public, max-age=300" : "private, no-store";
        http.Response.Headers.ContentDisposition = AgreementDocumentDownload.ContentDispositionOf(document.FileName);
        return new FileContentResult(document.Content, document.ContentType);
    }
}
