using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>
/// Staff download an agreement's document: as an attachment (RFC 6266 with an RFC 5987 <c>filename*</c>),
/// with the type found at upload and <c>X-Content-Type-Options: nosniff</c>.
/// </summary>
public static class AgreementDocumentDownload
{
    public static void MapAgreementDocumentDownload(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/admin/agreements/{id:guid}/documents/{documentId:guid}", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, Guid documentId, AppDbContext db, HttpContext http) =>
        {
            var document = await db.Set<AgreementDocument>().AsNoTracking()
                .FirstOrDefaultAsync(d => d.AgreementId == id && d.Id == documentId, http.RequestAborted);
            if (document is null)
            {
                return TypedResults.NotFound();
            }
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, no-store";
            http.Response.Headers.ContentDisposition = ContentDispositionOf(document.FileName);
            return TypedResults.File(document.Content, document.ContentType);
        }).RequireAuthorization(Policies.TenantStaff).WithMetadata(new RouteRecordAttribute(typeof(Agreement))).ExcludeFromDescription();

    /// <summary><c>attachment; filename="ascii"; filename*=UTF-8''percent-encoded</c>.</summary>
    public static string ContentDispositionOf(string fileName)
    {
        var ascii = new StringBuilder();
        foreach (var c in fileName)
        {
            ascii.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_');
        }
        var header = new ContentDispositionHeaderValue("attachment");
        header.FileName = $"\"{ascii}\"";
        header.FileNameStar = fileName;
        return header.ToString();
    }
}
