using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Agreements;
using TwinningCloud.Web.Features.PartnerCities;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Admin.Agreements;

/// <summary>
/// Staff create (<c>/admin/agreements/new</c>) or change (<c>/admin/agreements/{id}</c>) an agreement: its
/// fields, parties, domains and history; upload and delete its documents; read its audit trail.
/// </summary>
[RouteRecord(typeof(Agreement))]
[RequestSizeLimit(AgreementDocument.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = AgreementDocument.MaxBytes + 1024 * 1024)]
public sealed class AgreementEditModel(AppDbContext db, AgreementEditor editor, Texts T) : PageModel
{
    public sealed record Member(Guid UserId, string Label);
    public sealed record DocumentRow(Guid Id, string FileName, string ContentType, long Length, DateTimeOffset UploadedAt);
    public sealed record AuditRow(DateTimeOffset At, string Actor, string Action, string Entity, IReadOnlyList<(string Field, string? Before, string? After)> Changes);

    public static readonly string[] FieldOrder = ["", "Kind", "Title", "PartyIds", "SignedOn", "SignedAt", "Status", "NextReviewOn", "ResponsibleUserId", "DomainKeys", "Summary"];

    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public AgreementInput Form { get; set; } = new() { Kind = nameof(AgreementKind.TwinningOath), Status = nameof(AgreementStatus.Active) };
    [BindProperty] public List<int> RemoveEvents { get; set; } = [];
    [BindProperty] public Guid DocumentId { get; set; }
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? AgreementTitle { get; private set; }
    public IReadOnlyList<PartnerCity> Cities { get; private set; } = [];
    public IReadOnlyList<CooperationDomain> Domains { get; private set; } = [];
    public IReadOnlyList<Member> Team { get; private set; } = [];
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];
    public IReadOnlyList<AuditRow> Audit { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            var agreement = await editor.FindAsync(id, HttpContext.RequestAborted);
            if (agreement is null)
            {
                return NotFound();
            }
            Form = AgreementInput.From(agreement);
            AgreementTitle = agreement.Title;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Id is { } existing && !await db.Set<Agreement>().AnyAsync(a => a.Id == existing, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        // Blank history rows (the empty row for a new entry) and rows marked for removal are left out.
        Form.Events = Form.Events
            .Where((e, i) => !RemoveEvents.Contains(i) && !(string.IsNullOrWhiteSpace(e.Kind) && e.OccurredOn is null && string.IsNullOrWhiteSpace(e.Notes)))
            .ToList();
        var bad = new Dictionary<string, string>();
        foreach (var field in new[] { "SignedOn", "NextReviewOn" })
        {
            if (ModelState.TryGetValue("Form." + field, out var entry) && entry.Errors.Count > 0)
            {
                bad[field] = "agreements.error.date";
            }
        }
        var result = bad.Count > 0 ? EditorResult.Invalid(Id, bad) : await editor.SaveAsync(Id, Form, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            return await InvalidAsync(result.Errors);
        }
        TempData["Saved"] = T["agreements.saved", Form.Title!.Trim()];
        return Id is null ? RedirectToPage("Edit", new { id = result.Id }) : RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? document)
    {
        if (Id is not { } id || !await db.Set<Agreement>().AnyAsync(a => a.Id == id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        byte[]? content = null;
        var tooLarge = document is not null && document.Length > AgreementDocument.MaxBytes;
        if (document is { Length: > 0 } && !tooLarge)
        {
            using var buffer = new MemoryStream();
            await document.CopyToAsync(buffer, HttpContext.RequestAborted);
            content = buffer.ToArray();
        }
        var result = await editor.AddDocumentAsync(id, document?.FileName, tooLarge ? [] : content, tooLarge, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            await ReloadAsync(id);
            return await InvalidAsync(result.Errors);
        }
        TempData["Saved"] = T["agreements.document.added"];
        return RedirectToPage("Edit", new { id });
    }

    public async Task<IActionResult> OnPostDeleteDocumentAsync()
    {
        if (Id is not { } id)
        {
            return NotFound();
        }
        var result = await editor.DeleteDocumentAsync(id, DocumentId, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        TempData["Saved"] = T["agreements.document.deleted"];
        return RedirectToPage("Edit", new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Id is not { } id)
        {
            return NotFound();
        }
        var result = await editor.DeleteAsync(id, HttpContext.RequestAborted);
        if (result.NotFound)
        {
            return NotFound();
        }
        TempData["Saved"] = T["agreements.deleted"];
        return RedirectToPage("Index");
    }

    public IEnumerable<(string Anchor, string Message)> Summary =>
        Errors.OrderBy(e => FieldOrder.Contains(e.Key) ? Array.IndexOf(FieldOrder, e.Key) : 100).ThenBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (Anchor(e.Key), T[e.Value]));

    public string? Error(string field) => Errors.TryGetValue(field, out var key) ? T[key] : null;

    /// <summary>The id of a field's first input ("Events[0].Kind" → "Events_0__Kind").</summary>
    public static string Anchor(string field) => field switch
    {
        "" or "Kind" => "Kind",
        "PartyIds" => "PartyIds",
        "DomainKeys" => "DomainKeys",
        "Document" => "Document",
        _ => field.Replace("[", "_", StringComparison.Ordinal).Replace("].", "__", StringComparison.Ordinal),
    };

    private async Task ReloadAsync(Guid id)
    {
        var agreement = await editor.FindAsync(id, HttpContext.RequestAborted);
        Form = AgreementInput.From(agreement!);
        AgreementTitle = agreement!.Title;
    }

    private async Task<PageResult> InvalidAsync(IReadOnlyDictionary<string, string> errors)
    {
        Errors = new Dictionary<string, string>(errors);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        if (Id is { } id)
        {
            AgreementTitle = await db.Set<Agreement>().Where(a => a.Id == id).Select(a => a.Title).FirstOrDefaultAsync(HttpContext.RequestAborted);
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Cities = await db.Set<PartnerCity>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        Domains = await db.Set<CooperationDomain>().AsNoTracking().OrderBy(d => d.Key).ToListAsync(ct);
        Team = await db.Set<TenantMembership>().AsNoTracking().OrderBy(m => m.User!.Email)
            .Select(m => new Member(m.UserId, m.User!.DisplayName != null && m.User.DisplayName != "" ? m.User.DisplayName + " (" + m.User.Email + ")" : m.User.Email!)).ToListAsync(ct);
        if (Id is { } id)
        {
            Documents = await db.Set<AgreementDocument>().AsNoTracking().Where(d => d.AgreementId == id).OrderBy(d => d.UploadedAt)
                .Select(d => new DocumentRow(d.Id, d.FileName, d.ContentType, d.Length, d.UploadedAt)).ToListAsync(ct);
            var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == id).OrderByDescending(e => e.At).Take(200).ToListAsync(ct);
            Audit = entries.Select(e => new AuditRow(e.At, e.ActorName, e.Action, e.EntityType, ChangesOf(e.EntityType, e.Changes))).ToList();
        }
    }

    private List<(string Field, string? Before, string? After)> ChangesOf(string entity, string json)
    {
        var changes = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];
        return changes.Where(c => c.Key is not ("Id" or "AgreementId" or "Content") && c.Value.ValueKind == JsonValueKind.Array)
            .Select(c => (c.Key, Show(entity, c.Key, c.Value.EnumerateArray().ElementAtOrDefault(0)), Show(entity, c.Key, c.Value.EnumerateArray().ElementAtOrDefault(1)))).ToList();
    }

    /// <summary>A recorded value in words: enums (stored as numbers) by their localized name.</summary>
    private string? Show(string entity, string field, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
        {
            var name = (entity, field) switch
            {
                ("Agreement", "Status") => "agreements.status." + (AgreementStatus)n,
                ("Agreement", "Kind") => "agreements.kind." + (AgreementKind)n,
                ("AgreementEvent", "Kind") => "agreements.event-kind." + (AgreementEventKind)n,
                ("AgreementEvent", "Precision") => "agreements.precision." + (DatePrecision)n,
                _ => null,
            };
            if (name is not null)
            {
                return T[name];
            }
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
    }
}
