using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Federations.Portal.Calls;
using TwinningCloud.Web.Features.Federations.Portal.Documents;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Tests.Infrastructure;

/// <summary>The federation portal's library and calls for projects.</summary>
public sealed partial class TestData
{
    /// <summary>A document stored directly (no upload), with a tiny PDF as content.</summary>
    public async Task<FederationDocument> AddFederationDocumentAsync(Federation federation, string title, bool isPublic, DocumentCategory category = DocumentCategory.Reports)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var document = new FederationDocument
        {
            FederationId = federation.Id, Title = title, IsPublic = isPublic, Category = category, FileName = "document.pdf",
            ContentType = DocumentTypes.Pdf, Content = "%PDF-1.4 test"u8.ToArray(), Length = 13,
        };
        db.Add(document);
        await db.SaveChangesAsync();
        return document;
    }

    public Task<List<FederationDocument>> FederationDocumentsAsync(Federation federation) =>
        InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<FederationDocument>().AsNoTracking().Where(d => d.FederationId == federation.Id).ToListAsync());

    public Task<List<FederationCall>> FederationCallsAsync(Federation federation) =>
        InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<FederationCall>().AsNoTracking().Where(c => c.FederationId == federation.Id).ToListAsync());

    /// <summary>The jobs whose idempotency key starts with <paramref name="keyPrefix"/> (any tenant), oldest first.</summary>
    public Task<List<Job>> JobsWithKeyAsync(string keyPrefix) =>
        InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Jobs.AsNoTracking()
            .Where(j => j.IdempotencyKey != null && j.IdempotencyKey.StartsWith(keyPrefix)).OrderBy(j => j.Id).ToListAsync());

    /// <summary>A minimal Word document (Office Open XML): what a real .docx holds at least.</summary>
    public static byte[] MinimalDocx()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[]
            {
                ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
                ("word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"),
            })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }
        return buffer.ToArray();
    }
}
