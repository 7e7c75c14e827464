using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Networks;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Admin.Networks;

/// <summary>One membership: change it, delete it, and read its audit trail (who changed what, when).</summary>
public sealed class EditMembershipModel(NetworkMembershipEditor editor, AppDbContext db, Texts T) : PageModel
{
    public sealed record Change(string Field, string? Before, string? After);

    public sealed record Trail(DateTimeOffset At, string ActorName, string Action, IReadOnlyList<Change> Changes);

    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public MembershipForm Form { get; set; } = new();
    [TempData] public string? Saved { get; set; }
    public string Acronym { get; private set; } = string.Empty;
    public string NetworkName { get; private set; } = string.Empty;
    public MembershipFormView View { get; private set; } = null!;
    public IReadOnlyList<Trail> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var membership = await editor.FindAsync(Id, HttpContext.RequestAborted);
        if (membership is null)
        {
            return NotFound();
        }
        Form = MembershipForm.From(membership);
        await LoadAsync(membership, new Dictionary<string, string>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var membership = await editor.FindAsync(Id, HttpContext.RequestAborted);
        if (membership is null)
        {
            return NotFound();
        }
        db.Entry(membership).State = EntityState.Detached;
        var errors = new Dictionary<string, string>();
        var result = await editor.SaveAsync(Id, Form.ToInput(errors), HttpContext.RequestAborted, errors);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(membership, result.Errors);
            return Page();
        }
        Saved = T["networks.saved"];
        return Redirect(Url.Content($"~/admin/networks/{Id}"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var membership = await editor.FindAsync(Id, HttpContext.RequestAborted);
        if (membership is null || !await editor.DeleteAsync(Id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        Saved = T["networks.deleted", membership.Network?.Acronym ?? ""];
        return Redirect(Url.Content("~/admin/networks"));
    }

    private async Task LoadAsync(NetworkMembership membership, IReadOnlyDictionary<string, string> errors)
    {
        Acronym = membership.Network?.Acronym ?? string.Empty;
        NetworkName = membership.Network?.Name ?? string.Empty;
        View = new MembershipFormView(Form, errors, await NetworkChoices.LoadAsync(db, HttpContext.RequestAborted), IsNew: false);
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == Id)
            .OrderByDescending(e => e.At).Take(100).ToListAsync(HttpContext.RequestAborted);
        var acronyms = await db.Set<Network>().AsNoTracking().ToDictionaryAsync(n => n.Id.ToString(), n => n.Acronym, HttpContext.RequestAborted);
        History = entries.Select(e => new Trail(e.At, e.ActorName, e.Action, ReadChanges(e.Changes)
            .Select(c => new Change(
                T.Get($"networks.field-name.{c.Field}", System.Globalization.CultureInfo.CurrentUICulture) is { } label && !label.StartsWith('[') ? label : c.Field,
                Display(c.Field, c.Before, acronyms), Display(c.Field, c.After, acronyms)))
            .ToList())).ToList();
    }

    /// <summary>A recorded value as a person reads it: the network's acronym, the role's name.</summary>
    private string? Display(string field, string? value, IReadOnlyDictionary<string, string> acronyms) => (field, value) switch
    {
        (_, null) => null,
        ("NetworkId", _) => acronyms.GetValueOrDefault(value, value),
        ("Role", _) when int.TryParse(value, out var role) && Enum.IsDefined((MembershipRole)role) => T[$"networks.role.{(MembershipRole)role}"],
        ("Role", _) when NetworkMembershipEditor.ParseRole(value) is { } role => T[$"networks.role.{role}"],
        ("IsPublic", "true") => T["networks.yes"],
        ("IsPublic", "false") => T["networks.no"],
        _ => value,
    };

    private static List<Change> ReadChanges(string json)
    {
        try
        {
            var changes = JsonSerializer.Deserialize<Dictionary<string, JsonElement[]>>(json) ?? [];
            return changes.Where(c => c.Key is not "Id")
                .Select(c => new Change(c.Key, Show(c.Value.ElementAtOrDefault(0)), Show(c.Value.ElementAtOrDefault(1)))).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
