using System.IO.Compression;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ImportExport.Staff.Import;

/// <summary>
/// Import of the town's records of the kinds its modules declare (partner cities, agreements, memberships…), CSV or JSON:
/// upload → preview (what would be
/// created, updated, left unchanged, and every bad line) → apply, all or nothing. Between preview and
/// apply the file travels back in a hidden field, compressed and protected by ASP.NET data protection
/// (encrypted and authenticated, bound to this tenant and this person, valid one hour): the server keeps
/// nothing and trusts nothing from the client; apply reads and checks the file again.
/// </summary>
[RequestSizeLimit(ImportFormat.MaxBytes * 2)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportFormat.MaxBytes * 2, ValueLengthLimit = (int)ImportFormat.MaxBytes * 2)]
public sealed class ImportModel(RecordImporter importer, TownRecordKinds kinds, IDataProtectionProvider protection, TenantContext tenant, AuditActor actor) : TownRecordsPageModel(kinds)
{
    private static readonly string[] AllowedTypes = ["text/csv", "application/json", "text/plain", "application/vnd.ms-excel", "application/octet-stream", "text/json", "application/csv"];

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Payload { get; set; }

    /// <summary>A problem with the upload itself (text key), shown next to the file field.</summary>
    public string? FileError { get; private set; }
    public object?[] FileErrorArgs { get; private set; } = [];
    public string? FileName { get; private set; }
    public ImportReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (Upload is null || Upload.Length == 0)
        {
            return Invalid("importexport.import.error.no-file");
        }
        if (Upload.Length > ImportFormat.MaxBytes)
        {
            return Invalid("importexport.import.error.too-large", ImportFormat.MaxBytes / 1024 / 1024);
        }
        var extension = Path.GetExtension(Upload.FileName).ToLowerInvariant();
        var type = (Upload.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (extension is not (".csv" or ".json") || (type.Length > 0 && !AllowedTypes.Contains(type)))
        {
            return Invalid("importexport.import.error.bad-type");
        }
        string content;
        try
        {
            using var reader = new StreamReader(Upload.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
            content = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            return Invalid("importexport.import.error.not-utf8");
        }
        FileName = Path.GetFileName(Upload.FileName);
        Report = await importer.PreviewAsync(FileName, content, HttpContext.RequestAborted);
        Payload = Protect(FileName, content);
        if (Report.HasErrors)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync()
    {
        if (Unprotect(Payload) is not var (fileName, content))
        {
            return Invalid("importexport.import.error.expired");
        }
        FileName = fileName;
        actor.ActAs(actor.Id, $"import: {(fileName.Length > 200 ? fileName[..200] : fileName)} ({actor.Name})");
        Report = await importer.ApplyAsync(fileName, content, HttpContext.RequestAborted);
        if (!Report.Applied)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    private PageResult Invalid(string key, params object?[] args)
    {
        FileError = key;
        FileErrorArgs = args;
        Payload = null;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private IDataProtector Protector() =>
        protection.CreateProtector("TwinningCloud.ImportExport.Upload", tenant.Required.Id.ToString(), User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");

    private string Protect(string fileName, string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            JsonSerializer.Serialize(gzip, new Uploaded(fileName, content));
        }
        return Protector().ToTimeLimitedDataProtector().Protect(Convert.ToBase64String(buffer.ToArray()), TimeSpan.FromHours(1));
    }

    private (string FileName, string Content)? Unprotect(string? payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return null;
        }
        try
        {
            var bytes = Convert.FromBase64String(Protector().ToTimeLimitedDataProtector().Unprotect(payload));
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var upload = JsonSerializer.Deserialize<Uploaded>(gzip);
            return upload is null ? null : (upload.FileName, upload.Content);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private sealed record Uploaded(string FileName, string Content);
}
