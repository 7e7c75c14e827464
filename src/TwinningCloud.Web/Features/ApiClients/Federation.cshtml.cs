using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// <c>/federations/{slug}/api-clients</c> (the federation's admins): the federation's API clients for its directory API —
/// register one (its secret shown once), give it a new secret, revoke it, see when it was last used.
/// </summary>
[Authorize(Policy = Policies.FederationAdmin)]
[EndpointScope(EndpointScope.Platform)]
public sealed class FederationApiClientsModel(FederationClients registry, AppDbContext db, PublicOrigin origin, ILoggerFactory loggers) : PageModel
{
    public Federation Federation { get; private set; } = null!;
    public IReadOnlyList<FederationApiClient> Clients { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    [BindProperty] public string? Name { get; set; }

    public FederationApiClient? Shown { get; private set; }
    public string? Secret { get; private set; }
    public string? Message { get; private set; }

    public string TokenEndpoint => $"{origin.Of(null)}/federations/{Federation.Slug}/connect/token";
    public string DirectoryEndpoint => $"{origin.Of(null)}/api/v1/federations/{Federation.Slug}/directory";

    public async Task<IActionResult> OnGetAsync(string federation) => await LoadAsync(federation) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCreateAsync(string federation)
    {
        if (!await LoadAsync(federation))
        {
            return NotFound();
        }
        var result = await registry.CreateAsync(Federation, Name, ActorId, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        ApiClientEvents.Created(Logger, Side, result.Client!.ClientId, result.Client.Scopes, ActorId);
        return await ShowSecretAsync(federation, result, "apiclients.created");
    }

    public async Task<IActionResult> OnPostRotateAsync(string federation, Guid id)
    {
        if (!await LoadAsync(federation))
        {
            return NotFound();
        }
        var result = await registry.RotateAsync(Federation.Id, id, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        ApiClientEvents.SecretRotated(Logger, Side, result.Client!.ClientId, ActorId);
        return await ShowSecretAsync(federation, result, "apiclients.rotated");
    }

    public async Task<IActionResult> OnPostRevokeAsync(string federation, Guid id)
    {
        if (!await LoadAsync(federation))
        {
            return NotFound();
        }
        var client = await registry.RevokeAsync(Federation.Id, id, HttpContext.RequestAborted);
        if (client is null)
        {
            return NotFound();
        }
        ApiClientEvents.Revoked(Logger, Side, client.ClientId, ActorId);
        Message = client.Name;
        await LoadAsync(federation);
        return Page();
    }

    private async Task<IActionResult> ShowSecretAsync(string federation, ApiClientResultOf<FederationApiClient> result, string message)
    {
        Shown = result.Client;
        Secret = result.Secret;
        Message = message;
        Response.Headers.CacheControl = "no-store";
        Name = null;
        ModelState.Clear();
        await LoadAsync(federation);
        return Page();
    }

    private async Task<bool> LoadAsync(string slug)
    {
        if (await db.Set<Federation>().AsNoTracking().FirstOrDefaultAsync(f => f.Slug == slug, HttpContext.RequestAborted) is not { } found)
        {
            return false;
        }
        Federation = found;
        Clients = await registry.ListAsync(found.Id, HttpContext.RequestAborted);
        return true;
    }

    private string Side => $"federation {Federation.Slug}";

    private ILogger Logger => loggers.CreateLogger(ApiClientEvents.Category);

    private Guid? ActorId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
