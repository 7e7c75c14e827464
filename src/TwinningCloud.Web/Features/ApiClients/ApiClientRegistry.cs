using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>What an admin asks for when registering a client.</summary>
public sealed record ApiClientInput(string? Name, IReadOnlyList<string>? Scopes, DateOnly? ExpiresOn, int? RequestsPerMinute,
    ApiClientKind Kind = ApiClientKind.Machine, string? RedirectUris = null, bool IsPublic = false);

/// <summary>The outcome of a registration or rotation: the client and its secret (shown once), or the errors by field.</summary>
public sealed record ApiClientResult(ApiClient? Client, string? Secret, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Client is not null;
}

/// <summary>
/// Registers, rotates and revokes the current town's API clients: our row (<see cref="ApiClient"/>, tenant-owned)
/// and OpenIddict's application (the hashed secret, the permitted grant and scopes) are kept together.
/// </summary>
public sealed class ApiClientRegistry(AppDbContext db, TenantContext tenant, ModuleCatalog modules, IOpenIddictApplicationManager applications, TimeProvider clock)
{
    /// <summary>Scopes the current town can grant: those of its switched-on modules.</summary>
    public IReadOnlyList<ApiScope> AvailableScopes =>
        modules.All.Where(m => tenant.Required.HasModule(m.Key)).SelectMany(m => m.ApiScopes).ToList();

    /// <summary>The town's clients, newest first (at most <see cref="ApiClient.MaxPerTown"/> × 2: active and revoked).</summary>
    public Task<List<ApiClient>> ListAsync(CancellationToken ct) =>
        db.Set<ApiClient>().AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenByDescending(c => c.CreatedAt).Take(ApiClient.MaxPerTown * 2).ToListAsync(ct);

    public Task<ApiClient?> FindAsync(Guid id, CancellationToken ct) => db.Set<ApiClient>().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <param name="fixedCredentials">The demo's client id and secret (development settings only); otherwise both are random.</param>
    public async Task<ApiClientResult> CreateAsync(ApiClientInput input, Guid? actor, CancellationToken ct, (string ClientId, string Secret)? fixedCredentials = null)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["Name"] = "apiclients.error.name-required";
        }
        else if (name.Length > ApiClient.MaxNameLength)
        {
            errors["Name"] = "apiclients.error.name-too-long";
        }
        var available = AvailableScopes.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var scopes = (input.Scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(s => !available.Contains(s)))
        {
            errors["Scopes"] = "apiclients.error.scopes";
        }
        var now = clock.GetUtcNow();
        if (input.ExpiresOn is { } day && day <= DateOnly.FromDateTime(now.UtcDateTime))
        {
            errors["ExpiresOn"] = "apiclients.error.expiry-past";
        }
        var rate = input.RequestsPerMinute ?? ApiClient.DefaultRequestsPerMinute;
        if (rate is < 1 or > ApiClient.MaxRequestsPerMinute)
        {
            errors["RequestsPerMinute"] = "apiclients.error.rate";
        }
        var redirects = (input.RedirectUris ?? "").Split([' ', '\n', '\r', '\t', ','], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (input.Kind == ApiClientKind.Person
            && (redirects.Count is 0 or > ApiClient.MaxRedirectUris || string.Join(' ', redirects).Length > ApiClient.MaxRedirectUrisLength || !redirects.All(IsAcceptableRedirectUri)))
        {
            errors["RedirectUris"] = "apiclients.error.redirect-uris";
        }
        if (errors.Count == 0 && await db.Set<ApiClient>().CountAsync(c => c.RevokedAt == null, ct) >= ApiClient.MaxPerTown)
        {
            errors[""] = "apiclients.error.too-many";
        }
        if (errors.Count > 0)
        {
            return new ApiClientResult(null, null, errors);
        }

        var client = new ApiClient
        {
            Name = name,
            ClientId = fixedCredentials?.ClientId ?? $"{tenant.Required.Slug}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}",
            Scopes = string.Join(' ', scopes),
            RequestsPerMinute = rate,
            ExpiresAt = input.ExpiresOn is { } end ? new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            CreatedAt = now,
            CreatedBy = actor,
            Kind = input.Kind,
            RedirectUris = input.Kind == ApiClientKind.Person ? string.Join(' ', redirects) : "",
            IsPublicClient = input.Kind == ApiClientKind.Person && input.IsPublic,
        };
        var secret = client.IsPublicClient ? null : fixedCredentials?.Secret ?? NewSecret();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(client);
        await db.SaveChangesAsync(ct);
        await applications.CreateAsync(Descriptor(client, secret), ct);
        await transaction.CommitAsync(ct);
        return new ApiClientResult(client, secret, new Dictionary<string, string>());
    }

    /// <summary>A new secret: the old one and every token issued before stop working at once.</summary>
    public async Task<ApiClientResult> RotateAsync(Guid id, CancellationToken ct)
    {
        var client = await FindAsync(id, ct);
        if (client is null || client.RevokedAt is not null || client.IsPublicClient)
        {
            return new ApiClientResult(null, null, new Dictionary<string, string> { [""] = "apiclients.error.not-found" });
        }
        var secret = NewSecret();
        client.Generation++;
        client.SecretRotatedAt = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var application = await applications.FindByClientIdAsync(client.ClientId, ct);
        if (application is null)
        {
            await applications.CreateAsync(Descriptor(client, secret), ct);
        }
        else
        {
            await applications.UpdateAsync(application, secret, ct);
        }
        await transaction.CommitAsync(ct);
        return new ApiClientResult(client, secret, new Dictionary<string, string>());
    }

    /// <summary>Revokes the client: its secret and every token stop working at once; the row stays for the record.</summary>
    public async Task<ApiClient?> RevokeAsync(Guid id, CancellationToken ct)
    {
        var client = await FindAsync(id, ct);
        if (client is null || client.RevokedAt is not null)
        {
            return null;
        }
        client.RevokedAt = clock.GetUtcNow();
        client.Generation++;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (await applications.FindByClientIdAsync(client.ClientId, ct) is { } application)
        {
            await applications.DeleteAsync(application, ct); // its tokens go with it
        }
        await transaction.CommitAsync(ct);
        return client;
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// A redirect URI of an application acting for a person: absolute, no fragment, HTTPS — or plain HTTP on the
    /// loopback interface only (a desktop tool or a script on the person's own machine, RFC 8252 §7.3).
    /// </summary>
    public static bool IsAcceptableRedirectUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static OpenIddictApplicationDescriptor Descriptor(ApiClient client, string? secret)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.IsPublicClient ? null : secret,
            ClientType = client.IsPublicClient ? ClientTypes.Public : ClientTypes.Confidential,
            DisplayName = client.Name,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (!client.IsPublicClient)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }
        if (client.Kind == ApiClientKind.Person)
        {
            // Authorization code with PKCE, refresh tokens (rotated on every use, see AuthorizationServer).
            descriptor.ConsentType = ConsentTypes.Explicit;
            descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(Permissions.GrantTypes.AuthorizationCode);
            descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
            descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in client.RedirectUriList)
            {
                descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
            }
        }
        else
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        foreach (var scope in client.ScopeList)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        return descriptor;
    }
}
