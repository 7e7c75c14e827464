using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching.Town;

/// <summary>
/// Writes to a town listed in the directory of a federation the current town belongs to (<c>?federation=</c>): the
/// platform relays the message to that town's admins without the sender's address. Any other town, federation or
/// a town the current one is not a member with answers 404.
/// </summary>
public sealed class ContactTownModel(PartnerSuggestions suggestions, PartnerContacts contacts, TenantContext tenantContext) : PageModel
{
    [BindProperty] public string? Message { get; set; }
    [FromQuery(Name = "federation")] public string? FederationSlug { get; set; }
    public MatchingData Data { get; private set; } = null!;
    public TenantInfo Target { get; private set; } = null!;
    public Suggestion? Suggestion { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) =>
        await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var text = Message?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            Error = "matching.error.message-required";
        }
        else if (text.Length > PartnerContact.MaxMessageLength)
        {
            Error = "matching.error.message-length";
        }
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var town = tenantContext.Required;
        var (outcome, contactId) = await contacts.SendAsync(Data.Federation, town, User.UserId(), Target, text!,
            TwinningCloud.Web.Platform.Localization.ContentLanguage.Reader, HttpContext.RequestAborted);
        if (outcome == PartnerContacts.SendOutcome.TooMany)
        {
            Error = "matching.error.too-many";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        TempData["MatchingMessage"] = "matching.contact.sent";
        return Redirect($"~/admin/federations/partners/contacts/{contactId}");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var town = tenantContext.Required;
        if (string.IsNullOrWhiteSpace(FederationSlug) || id == town.Id
            || (await suggestions.FederationsOfAsync(town.Id, ct)).FirstOrDefault(f => f.Slug == FederationSlug) is not { } federation)
        {
            return false;
        }
        Data = await suggestions.DataAsync(federation, ct);
        if (!Data.Index.Members.TryGetValue(id, out var member))
        {
            return false;
        }
        Target = member.Tenant;
        var own = await suggestions.OwnAsync(ct);
        Suggestion = PartnerSuggestions.For(Data, town.Id, own, int.MaxValue).FirstOrDefault(s => s.Town.Id == id);
        return true;
    }
}
