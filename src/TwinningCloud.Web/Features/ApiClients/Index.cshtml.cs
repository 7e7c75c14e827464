using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// <c>/admin/api-clients</c> (tenant admins): the town's API clients — register one (name, scopes, expiry, rate),
/// see its secret once, rotate the secret, revoke it, see when it was last used.
/// </summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class ApiClientsModel(ApiClientRegistry registry, TenantContext tenant, PublicOrigin origin, ILoggerFactory loggers) : PageModel
{
    public static readonly string[] FieldOrder = ["Name", "Scopes", "RedirectUris", "ExpiresOn", "RequestsPerMinute", ""];

    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];
    public IReadOnlyList<TwinningCloud.Web.Platform.Modules.ApiScope> Scopes { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> SelectedScopes { get; set; } = [];
    [BindProperty] public DateOnly? ExpiresOn { get; set; }
    [BindProperty] public int? RequestsPerMinute { get; set; }
    [BindProperty] public ApiClientKind Kind { get; set; } = ApiClientKind.Machine;
    [BindProperty] public string? RedirectUris { get; set; }
    [BindProperty] public bool IsPublic { get; set; }

    /// <summary>The client whose secret is shown, once, on this answer only.</summary>
    public ApiClient? Shown { get; private set; }
    public string? Secret { get; private set; }
    public string? Message { get; private set; }

    /// <summary>The town's token endpoint (from configuration), for the page's example.</summary>
    public string TokenEndpoint => origin.Link(tenant.Required, "/connect/token");

    /// <summary>The town's authorize endpoint (applications acting for a person).</summary>
    public string AuthorizeEndpoint => origin.Link(tenant.Required, "/connect/authorize");

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var result = await registry.CreateAsync(new ApiClientInput(Name, SelectedScopes, ExpiresOn, RequestsPerMinute, Kind, RedirectUris, IsPublic), ActorId, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync();
            return Page();
        }
        ApiClientEvents.Created(Logger, tenant.Required.Slug, result.Client!.ClientId, result.Client.Scopes, ActorId);
        return await ShowSecretAsync(result, "apiclients.created");
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid id)
    {
        var result = await registry.RotateAsync(id, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        ApiClientEvents.SecretRotated(Logger, tenant.Required.Slug, result.Client!.ClientId, ActorId);
        return await ShowSecretAsync(result, "apiclients.rotated");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var client = await registry.RevokeAsync(id, HttpContext.RequestAborted);
        if (client is null)
        {
            return NotFound();
        }
        ApiClientEvents.Revoked(Logger, tenant.Required.Slug, client.ClientId, ActorId);
        Message = client.Name;
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult> ShowSecretAsync(ApiClientResult result, string message)
    {
        Shown = result.Client;
        Secret = result.Secret;
        Message = message;
        Response.Headers.CacheControl = "no-store"; // the secret is in this answer only
        Name = null;
        SelectedScopes = [];
        ExpiresOn = null;
        RequestsPerMinute = null;
        Kind = ApiClientKind.Machine;
        RedirectUris = null;
        IsPublic = false;
        ModelState.Clear();
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Clients = await registry.ListAsync(HttpContext.RequestAborted);
        Scopes = registry.AvailableScopes;
    }

    private ILogger Logger => loggers.CreateLogger(ApiClientEvents.Category);

    private Guid? ActorId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
