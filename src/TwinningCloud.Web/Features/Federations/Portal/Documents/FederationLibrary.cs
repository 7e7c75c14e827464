using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Federations.Portal.Documents;

/// <summary>A line of a library list (never the content).</summary>
public sealed record DocumentLine(Guid Id, Guid FederationId, string Title, DocumentCategory Category, bool IsPublic, string FileName, string ContentType, long Length, DateTimeOffset UploadedAt);

/// <summary>What was typed or chosen on the upload form.</summary>
public sealed class DocumentForm
{
    public static readonly string[] FieldOrder = ["Title", "Category", "Visibility", "File"];

    public string? Title { get; set; }
    public string? Category { get; set; }
    /// <summary><c>public</c> or <c>members</c>.</summary>
    public string? Visibility { get; set; }
}

/// <summary>
/// A federation's document library: upload (size, type and count checked), list, change, remove; and the members'
/// side (documents of the federations the town belongs to). Every read names the federation; members' reads name the
/// town, which must be an accepted member.
/// </summary>
public sealed class FederationLibrary(AppDbContext db, TimeProvider clock)
{
    /// <summary>Documents a federation keeps at most.</summary>
    public const int MaxDocuments = 200;
    /// <summary>Lines a page of a list shows.</summary>
    public const int PageSize = 50;

    public static IQueryable<DocumentLine> Lines(IQueryable<FederationDocument> documents) =>
        documents.Select(d => new DocumentLine(d.Id, d.FederationId, d.Title, d.Category, d.IsPublic, d.FileName, d.ContentType, d.Length, d.UploadedAt));

    /// <summary>The federation's documents (on an anonymous page, the public ones only: the public rule holds it), newest first in each category.</summary>
    public async Task<(IReadOnlyList<DocumentLine> Lines, int Total)> ListAsync(Guid federationId, DocumentCategory? category, int page, CancellationToken ct)
    {
        var query = db.Set<FederationDocument>().AsNoTracking().Where(d => d.FederationId == federationId);
        if (category is { } c)
        {
            query = query.Where(d => d.Category == c);
        }
        var total = await query.CountAsync(ct);
        var lines = await Lines(query.OrderBy(d => d.Category).ThenByDescending(d => d.UploadedAt).ThenBy(d => d.Id)
            .Skip((Math.Max(1, page) - 1) * PageSize).Take(PageSize)).ToListAsync(ct);
        return (lines, total);
    }

    /// <summary>Stores an upload; the errors (field → text key) when refused. Nothing is stored unless every check passes.</summary>
    public async Task<(Guid? Id, Dictionary<string, string> Errors)> AddAsync(
        Federation federation, DocumentForm form, string? fileName, byte[]? content, bool tooLarge, Guid? by, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var title = form.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > FederationDocument.MaxTitle || title.Any(char.IsControl))
        {
            errors["Title"] = "library.error.title";
        }
        if (!TryCategory(form.Category, out var category))
        {
            errors["Category"] = "library.error.category";
        }
        if (form.Visibility is not ("public" or "members"))
        {
            errors["Visibility"] = "library.error.visibility";
        }
        string? type = null;
        if (await db.Set<FederationDocument>().CountAsync(d => d.FederationId == federation.Id, ct) >= MaxDocuments)
        {
            errors["File"] = "library.error.too-many";
        }
        else if (tooLarge || content?.Length > FederationDocument.MaxBytes)
        {
            errors["File"] = "library.error.size";
        }
        else if (content is not { Length: > 0 })
        {
            errors["File"] = "library.error.missing";
        }
        else if ((type = DocumentTypes.Of(content)) is null)
        {
            errors["File"] = "library.error.type";
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var document = new FederationDocument
        {
            FederationId = federation.Id, Title = title!, Category = category, IsPublic = form.Visibility == "public",
            FileName = CleanFileName(fileName), ContentType = type!, Content = content!, Length = content!.Length,
            UploadedAt = clock.GetUtcNow(), UploadedBy = by,
        };
        db.Add(document);
        await db.SaveChangesAsync(ct);
        return (document.Id, errors);
    }

    /// <summary>Makes a document public or members-only; false when the federation has no such document.</summary>
    public async Task<bool> SetPublicAsync(Guid federationId, Guid id, bool isPublic, CancellationToken ct) =>
        await db.Set<FederationDocument>().Where(d => d.FederationId == federationId && d.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.IsPublic, isPublic), ct) == 1;

    public async Task<bool> DeleteAsync(Guid federationId, Guid id, CancellationToken ct) =>
        await db.Set<FederationDocument>().Where(d => d.FederationId == federationId && d.Id == id).ExecuteDeleteAsync(ct) == 1;

    /// <summary>One document of the federation, with its content (on an anonymous page: only a public one).</summary>
    public Task<FederationDocument?> FindAsync(Guid federationId, Guid id, CancellationToken ct) =>
        db.Set<FederationDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.FederationId == federationId && d.Id == id, ct);

    /// <summary>The federations <paramref name="tenantId"/> is an accepted member of, by name.</summary>
    public async Task<IReadOnlyList<Federation>> FederationsOfMemberAsync(Guid tenantId, CancellationToken ct) =>
        await db.Set<FederationMember>().AsNoTracking().Where(m => m.TenantId == tenantId && m.Status == MemberStatus.Accepted)
            .Join(db.Set<Federation>(), m => m.FederationId, f => f.Id, (m, f) => f)
            .OrderBy(f => f.Name).Take(50).ToListAsync(ct);

    /// <summary>A document for the staff of member town <paramref name="tenantId"/>: null unless its federation has the town as an accepted member.</summary>
    public async Task<FederationDocument?> FindForMemberAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        var document = await db.Set<FederationDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return document is not null && await IsMemberAsync(document.FederationId, tenantId, ct) ? document : null;
    }

    public Task<bool> IsMemberAsync(Guid federationId, Guid tenantId, CancellationToken ct) =>
        db.Set<FederationMember>().AnyAsync(m => m.FederationId == federationId && m.TenantId == tenantId && m.Status == MemberStatus.Accepted, ct);

    public static bool TryCategory(string? value, out DocumentCategory category) =>
        Enum.TryParse(value?.Trim(), ignoreCase: true, out category) && !int.TryParse(value, out _) && Enum.IsDefined(category);

    /// <summary>The name without a path or control characters, at most 255 characters (its end kept: the extension).</summary>
    public static string CleanFileName(string? fileName)
    {
        var name = new string(Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "document";
        }
        return name.Length > 255 ? name[^255..] : name;
    }

    /// <summary>"1.2 MB", "340 kB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.0", System.Globalization.CultureInfo.CurrentCulture) + " MB"
        : Math.Max(1, (bytes + 1023) / 1024).ToString(System.Globalization.CultureInfo.CurrentCulture) + " kB";
}

/// <summary>What the list partial shows: documents grouped by category, each linked to its download.</summary>
public sealed record DocumentListView(IReadOnlyList<DocumentLine> Documents, Func<DocumentLine, string> LinkOf, bool ShowVisibility, int HeadingLevel = 2);
