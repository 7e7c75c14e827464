using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// <c>GET/POST /{town}/connect/authorize</c> (authorization code + PKCE): OpenIddict has checked the request (client,
/// exact redirect URI, PKCE challenge, permitted scopes) before this page runs. A person not signed in goes through the
/// town's sign-in page and comes back; a staff member of the town sees the consent page — the application, what it
/// will be able to do in plain words, where they will be sent back — and allows or denies. Allowing issues the code
/// (the person, their role, the granted scopes); denying sends <c>access_denied</c> back to the application.
/// </summary>
[Authorize(Policy = Policies.TenantStaff)]
public sealed class AuthorizeModel(AppDbContext db, TenantContext tenant, ILoggerFactory loggers) : PageModel
{
    /// <summary>The application asking, when it is an application of this town acting for a person.</summary>
    public ApiClient? Client { get; private set; }

    /// <summary>The scopes asked for (and granted when allowed), <c>offline_access</c> included.</summary>
    public IReadOnlyList<string> Scopes { get; private set; } = [];

    /// <summary>The authorization request's parameters, posted again with the answer.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public string RedirectUri { get; private set; } = "";

    /// <summary>This endpoint's address without the query: the answer carries the request's parameters in its form.</summary>
    public string FormAction => (Request.PathBase + Request.Path).ToString();
    public string PersonName { get; private set; } = "";
    public string Role { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync() => await AnswerAsync(decision: null);

    public async Task<IActionResult> OnPostAsync(string? decision) => await AnswerAsync(decision ?? "deny");

    private async Task<IActionResult> AnswerAsync(string? decision)
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        if (request is null)
        {
            return NotFound(); // not an authorization request (OpenIddict answered the invalid ones itself)
        }
        var logger = loggers.CreateLogger(ApiClientEvents.Category);
        var side = tenant.Required.Slug;
        var now = DateTimeOffset.UtcNow;
        Client = await db.Set<ApiClient>().AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == request.ClientId, HttpContext.RequestAborted);
        if (Client is null || Client.Kind != ApiClientKind.Person || !Client.IsUsable(now))
        {
            // Another town's application, a machine client, a revoked one: nothing to consent to here.
            ApiClientEvents.TokenRequestRefused(logger, side, request.ClientId, "authorization asked for an application that is not one of this town's, or revoked");
            Client = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var personId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (await PersonTokens.CurrentAsync(db, personId, HttpContext.RequestAborted) is not { } current)
        {
            return Forbid();
        }
        var asked = request.GetScopes();
        Scopes = asked.IsDefaultOrEmpty ? Client.ScopeList : asked.Distinct(StringComparer.Ordinal).ToList();
        if (decision is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(OpenIddictConstants.Errors.ConsentRequired, "The person must consent first.");
            }
            RedirectUri = request.RedirectUri ?? "";
            if (Uri.TryCreate(RedirectUri, UriKind.Absolute, out var redirect))
            {
                // OpenIddict checked it is one of the application's registered redirect URIs: the answer may redirect there.
                HttpContext.Items[TwinningCloud.Web.Platform.Web.SecurityHeadersMiddleware.ExtraFormActionItem] = redirect.GetLeftPart(UriPartial.Authority);
            }
            PersonName = string.IsNullOrEmpty(current.Person.DisplayName) ? current.Person.Email ?? "" : current.Person.DisplayName;
            Role = current.Role;
            Parameters = request.GetParameters()
                .Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value))
                .Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!)).ToList();
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        if (decision != "allow")
        {
            ApiClientEvents.ConsentDenied(logger, side, Client.ClientId, personId);
            return Refuse(OpenIddictConstants.Errors.AccessDenied, "The person denied the application access.");
        }
        ApiClientEvents.ConsentGiven(logger, side, Client.ClientId, personId, string.Join(' ', Scopes));
        return SignIn(PersonTokens.Consented(current.Person, current.Role, Client, tenant.Required.Id, Scopes), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private ForbidResult Refuse(string error, string description) =>
        Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
