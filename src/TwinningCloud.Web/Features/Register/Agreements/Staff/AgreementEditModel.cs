using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Register.Agreements.Staff;

/// <summary>
/// Staff create (<c>/admin/agreements/new</c>) or change (<c>/admin/agreements/{id}</c>) an agreement: its
/// fields, parties, domains and history; upload and delete its documents; read its audit trail.
/// </summary>
[RouteRecord(typeof(Agreement))]
[RequestSizeLimit(AgreementDocument.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = AgreementDocument.MaxBytes + 1024 * 1024)]
public sealed class AgreementEditModel(AppDbContext db, AgreementEditor editor, PartnerCityEditor cityEditor, Texts T) : PageModel
{
    public sealed record Member(Guid UserId, string Label);
    public sealed record DocumentRow(Guid Id, string FileName, string ContentType, long Length, DateTimeOffset UploadedAt);

    public static readonly string[] FieldOrder = ["", "Kind", "Title", "TitleEn", "TitleFr", "PartyIds", "NewCity.Name", "NewCity.CountryCode", "SignedOn", "SignedPrecision", "SignedAt", "DecisionReference", "Status", "NextReviewOn", "ResponsibleUserId", "DomainKeys", "Summary", "SummaryEn", "SummaryFr"];

    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public AgreementInput Form { get; set; } = new() { Kind = nameof(AgreementKind.TwinningOath), Status = nameof(AgreementStatus.Active) };
    [BindProperty] public List<int> RemoveEvents { get; set; } = [];
    [BindProperty] public Guid DocumentId { get; set; }
    /// <summary>The "new partner city" part of the form: a city created without leaving (or losing) the agreement being typed.</summary>
    [BindProperty] public NewCityInput NewCity { get; set; } = new();
    /// <summary>The name of the partner city just added by <see cref="OnPostAddCityAsync"/> (and ticked as a party).</summary>
    public string? CityAdded { get; private set; }
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? AgreementTitle { get; private set; }
    public IReadOnlyList<PartnerCity> Cities { get; private set; } = [];
    public IReadOnlyList<CooperationDomain> Domains { get; private set; } = [];
    public IReadOnlyList<Member> Team { get; private set; } = [];
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];

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
        DropBlankEvents();
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

    /// <summary>
    /// Creates a partner city from the form's "new partner city" part, ticks it as a party and shows the form
    /// again with everything typed so far (nothing is saved of the agreement yet). With that part blank, it
    /// saves the agreement: pressing Enter in a field submits with the form's first button, which is this one.
    /// </summary>
    public async Task<IActionResult> OnPostAddCityAsync()
    {
        if (string.IsNullOrWhiteSpace(NewCity.Name) && string.IsNullOrWhiteSpace(NewCity.CountryCode))
        {
            return await OnPostAsync();
        }
        if (Id is { } existing && !await db.Set<Agreement>().AnyAsync(a => a.Id == existing, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        DropBlankEvents();
        var result = await cityEditor.SaveAsync(null, new PartnerCityInput { Name = NewCity.Name, CountryCode = NewCity.CountryCode, IsPublic = true }, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return await InvalidAsync(result.Errors.ToDictionary(e => "NewCity." + (e.Key.Length > 0 ? e.Key : "Name"), e => e.Value));
        }
        Form.PartyIds = [.. Form.PartyIds.Where(p => p != result.Id), result.Id!.Value];
        CityAdded = NewCity.Name!.Trim();
        NewCity = new();
        if (Id is { } id)
        {
            AgreementTitle = await db.Set<Agreement>().Where(a => a.Id == id).Select(a => a.Title).FirstOrDefaultAsync(HttpContext.RequestAborted);
        }
        await LoadAsync();
        return Page();
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
        "Events" => "Events",
        "NewCity.Name" => "NewCity_Name",
        "NewCity.CountryCode" => "NewCity_CountryCode",
        _ => field.Replace("[", "_", StringComparison.Ordinal).Replace("].", "__", StringComparison.Ordinal),
    };

    /// <summary>Blank history rows (the empty row for a new entry) and rows marked for removal are left out.</summary>
    private void DropBlankEvents() =>
        Form.Events = Form.Events
            .Where((e, i) => !RemoveEvents.Contains(i) && !(string.IsNullOrWhiteSpace(e.Kind) && e.OccurredOn is null && string.IsNullOrWhiteSpace(e.Notes)))
            .ToList();

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
        }
    }
}

/// <summary>The two fields of the agreement form's "new partner city" part (the city's other details are edited on its own page).</summary>
public sealed class NewCityInput
{
    public string? Name { get; set; }
    public string? CountryCode { get; set; }
}
