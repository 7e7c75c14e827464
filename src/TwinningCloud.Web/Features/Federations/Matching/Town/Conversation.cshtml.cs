using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Federations.Matching.Town;

/// <summary>
/// One contact, as the sending or the receiving town's staff see it: the message, the answer, and the other side's
/// address once answered. The receiving town answers or declines an open contact. Another town's contact: 404.
/// </summary>
public sealed class ContactConversationModel(PartnerContacts contacts, TenantContext tenantContext) : PageModel
{
    public ContactView View { get; private set; } = null!;
    [BindProperty] public string? Answer { get; set; }
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await contacts.FindAsync(tenantContext.Required, id, HttpContext.RequestAborted) is not { } view)
        {
            return NotFound();
        }
        View = view;
        Message = TempData["MatchingMessage"] as string;
        return Page();
    }

    /// <summary>A post without a handler changes nothing (and never renders the page without its contact).</summary>
    public IActionResult OnPost() => NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(Guid id)
    {
        if (await contacts.FindAsync(tenantContext.Required, id, HttpContext.RequestAborted) is not { } view)
        {
            return NotFound();
        }
        View = view;
        var text = Answer?.Trim();
        Error = string.IsNullOrEmpty(text) ? "matching.error.answer-required" : text.Length > PartnerContact.MaxMessageLength ? "matching.error.message-length" : null;
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return await AnswerAsync(id, text, "matching.answer.sent");
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id)
    {
        if (await contacts.FindAsync(tenantContext.Required, id, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }
        return await AnswerAsync(id, null, "matching.answer.declined");
    }

    private async Task<IActionResult> AnswerAsync(Guid id, string? answer, string message)
    {
        if (!await contacts.AnswerAsync(tenantContext.Required, id, User.UserId(), answer, HttpContext.RequestAborted))
        {
            return StatusCode(StatusCodes.Status409Conflict); // sent by this town, or already answered
        }
        TempData["MatchingMessage"] = message;
        return Redirect($"~/admin/federations/partners/contacts/{id}");
    }
}
