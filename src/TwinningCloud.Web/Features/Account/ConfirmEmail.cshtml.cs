using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Web.Features.Account;

/// <summary>Confirms a change of email address from the link sent to the new address.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<AppUser> users, AccountSides sides, ILogger<ConfirmEmailModel> logger) : PageModel
{
    public bool Succeeded { get; private set; }
    public string? Email { get; private set; }

    public async Task OnGetAsync(Guid user, string? email, string? code)
    {
        var person = user == Guid.Empty ? null : await users.FindByIdAsync(user.ToString());
        if (person is null || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(code))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return;
        }
        var changed = await users.ChangeEmailAsync(person, email, code);
        if (changed.Succeeded)
        {
            await users.SetUserNameAsync(person, email);
            SecurityEvents.EmailChanged(logger, sides.SideName, person.Id);
            Succeeded = true;
            Email = email;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
    }
}
