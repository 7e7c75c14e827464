using System.IO.Compression;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>The library's categories (a fixed list, named in French and English: <c>library.category.{name}</c>).</summary>
public enum DocumentCategory
{
    Statutes = 0,
    Reports = 1,
    Guides = 2,
    Calls = 3,
    Minutes = 4,
    Presentations = 5,
    Other = 6,
}

/// <summary>
/// A document of a federation's library, uploaded by its admins. Owned by the platform (a federation is not a tenant).
/// Public: anyone downloads it from the federation's portal; members only: the signed-in staff of an accepted member
/// town, from their town's <c>/admin/federations/library</c>. The public rule is this entity's one rule (anonymous
/// pages read through it, see <see cref="PublicVisibility"/>).
/// </summary>
public sealed class FederationDocument : IPubliclyVisible<FederationDocument>
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxTitle = 200;

    public static Expression<Func<FederationDocument, bool>> PublicRule => d => d.IsPublic;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FederationId { get; set; }
    public required string Title { get; set; }
    public DocumentCategory Category { get; set; } = DocumentCategory.Other;
    /// <summary>True: on the public portal; false: the member towns' staff only.</summary>
    public bool IsPublic { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; } = DateTimeOffset.UtcNow;
    public Guid? UploadedBy { get; set; }
}

/// <summary>What a library accepts, recognised by the file's content (never by its name or the browser's type).</summary>
public static class DocumentTypes
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public const string Odt = "application/vnd.oasis.opendocument.text";
    public const string Ods = "application/vnd.oasis.opendocument.spreadsheet";

    /// <summary>Short names for people ("PDF", "Word"…), by type.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Pdf] = "PDF", ["image/png"] = "PNG", ["image/jpeg"] = "JPEG", [Docx] = "Word", [Xlsx] = "Excel", [Pptx] = "PowerPoint",
        [Odt] = "OpenDocument", [Ods] = "OpenDocument",
    };

    /// <summary>
    /// PDF, PNG, JPEG by their first bytes; Word, Excel, PowerPoint (Office Open XML) and OpenDocument text and
    /// spreadsheet by the parts inside their ZIP container. Null for anything else (an executable, a renamed file,
    /// a ZIP of something else, a broken archive).
    /// </summary>
    public static string? Of(byte[] content)
    {
        switch (content)
        {
            case [0x25, 0x50, 0x44, 0x46, 0x2D, ..]:
                return Pdf;
            case [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..]:
                return "image/png";
            case [0xFF, 0xD8, 0xFF, ..]:
                return "image/jpeg";
            case [0x50, 0x4B, 0x03, 0x04, ..]:
                return OfZip(content);
            default:
                return null;
        }
    }

    private static string? OfZip(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("mimetype") is { Length: > 0 and < 100 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open());
                var type = reader.ReadToEnd().Trim();
                return type is Odt or Ods ? type : null;
            }
            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }
            return zip.GetEntry("word/document.xml") is not null ? Docx
                : zip.GetEntry("xl/workbook.xml") is not null ? Xlsx
                : zip.GetEntry("ppt/presentation.xml") is not null ? Pptx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}

internal sealed class FederationDocumentConfiguration : IEntityTypeConfiguration<FederationDocument>
{
    public void Configure(EntityTypeBuilder<FederationDocument> b)
    {
        b.ToTable("federation_documents");
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.FederationId, d.Category, d.UploadedAt });
        b.Property(d => d.Title).HasMaxLength(FederationDocument.MaxTitle);
        b.Property(d => d.Category).HasConversion<string>().HasMaxLength(24);
        b.Property(d => d.FileName).HasMaxLength(255);
        b.Property(d => d.ContentType).HasMaxLength(100);
        b.HasOne<Federation>().WithMany().HasForeignKey(d => d.FederationId).OnDelete(DeleteBehavior.Cascade);
    }
}
