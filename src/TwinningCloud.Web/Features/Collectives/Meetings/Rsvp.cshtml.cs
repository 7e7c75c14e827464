using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TwinningCloud.Web.Features.Collectives.Meetings;

/// <summary>
/// The answer link of a meeting mail: the page shows the meeting and three buttons (yes, maybe, no). Opening the link
/// changes nothing (a mail scanner following it answers nothing); the button's post records the answer.
/// </summary>
[AllowAnonymous]
public sealed class MeetingRsvpModel(MeetingAnswers answers) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    public MeetingAnswers.Invitation? Invitation { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Invitation = await answers.FindAsync(Token, HttpContext.RequestAborted);
        if (Invitation is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(RsvpAnswer? answer)
    {
        Invitation = await answers.FindAsync(Token, HttpContext.RequestAborted);
        if (Invitation is null || answer is null || !Enum.IsDefined(answer.Value))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await answers.AnswerAsync(Invitation, answer.Value, HttpContext.RequestAborted);
        Invitation = Invitation with { Answer = answer };
        Saved = true;
        return Page();
    }
}
