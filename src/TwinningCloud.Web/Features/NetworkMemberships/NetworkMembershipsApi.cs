using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.NetworkMemberships;

/// <summary>
/// The JSON API of network memberships, under the tenant (<c>/{tenant}/api/v1/...</c> in path mode):
/// the platform's catalogue of networks (anyone may read it) and the town's memberships (staff only),
/// paginated as <c>{ items, page, pageSize, total }</c>, with problem details on errors.
/// </summary>
public static class NetworkMembershipsApi
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public sealed record NetworkItem(Guid Id, string Key, string Acronym, string Name, string Scope, Guid? ParentId, string? DescriptionFr, string? DescriptionEn, string? Website);

    public sealed record MembershipItem(
        Guid Id, Guid NetworkId, string NetworkKey, string NetworkAcronym, string NetworkName, string Role, int? SinceYear,
        decimal? AnnualFee, string Currency, DateOnly? RenewalOn, string? ContactName, string? ContactEmail,
        string? WorkingGroups, string? Notes, bool IsPublic, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public static void MapNetworkMembershipsApi(this IEndpointRouteBuilder group)
    {
        var api = group.MapGroup("/api/v1").WithTags("Network memberships");

        api.MapGet("/networks", ListNetworks)
            .AllowAnonymous().WithName("ListNetworks").WithSummary("The platform's catalogue of city networks");

        var memberships = api.MapGroup(string.Empty).RequireAuthorization(Policies.TenantStaff);
        memberships.MapGet("/network-memberships", ListMemberships)
            .WithName("ListNetworkMemberships").WithSummary("The town's network memberships, by network acronym");
        memberships.MapGet("/network-memberships/{id:guid}", GetMembership)
            .WithName("GetNetworkMembership").WithSummary("One membership");
        memberships.MapPost("/network-memberships", CreateMembership)
            .WithName("CreateNetworkMembership").WithSummary("Adds a membership (one per network)");
        memberships.MapPut("/network-memberships/{id:guid}", UpdateMembership)
            // Described, not enforced by routing: a content-type check there would answer 415 before the 404.
            .AddOpenApiOperationTransformer(async (operation, context, ct) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(MembershipInput), null, ct) },
                },
            })
            .WithName("UpdateNetworkMembership").WithSummary("Replaces a membership's fields");
        memberships.MapDelete("/network-memberships/{id:guid}", DeleteMembership)
            .WithName("DeleteNetworkMembership").WithSummary("Deletes a membership (its audit trail stays)");
    }

    private static async Task<Ok<Paged<NetworkItem>>> ListNetworks(AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Paging(page, pageSize);
        var query = db.Set<Network>().AsNoTracking().OrderBy(n => n.Acronym).ThenBy(n => n.Key);
        var items = await query.Skip((p - 1) * size).Take(size)
            .Select(n => new NetworkItem(n.Id, n.Key, n.Acronym, n.Name, n.Scope.ToString(), n.ParentId, n.DescriptionFr, n.DescriptionEn, n.Website))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<NetworkItem>(items, p, size, await query.CountAsync(ct)));
    }

    private static async Task<Ok<Paged<MembershipItem>>> ListMemberships(AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Paging(page, pageSize);
        var query = db.Set<NetworkMembership>().AsNoTracking().OrderBy(m => m.Network!.Acronym).ThenBy(m => m.Id);
        var items = await query.Skip((p - 1) * size).Take(size).Select(Projection).ToListAsync(ct);
        return TypedResults.Ok(new Paged<MembershipItem>(items, p, size, await query.CountAsync(ct)));
    }

    private static async Task<Results<Ok<MembershipItem>, NotFound>> GetMembership(Guid id, AppDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await db.Set<NetworkMembership>().AsNoTracking().Where(m => m.Id == id).Select(Projection).FirstOrDefaultAsync(ct) is not { } item)
        {
            return TypedResults.NotFound();
        }
        Api.ETags.Set(http, item.UpdatedAt);
        return TypedResults.Ok(item);
    }

    private static async Task<Results<Created<MembershipItem>, ValidationProblem>> CreateMembership(
        MembershipInput input, HttpRequest request, NetworkMembershipEditor editor, AppDbContext db, Texts T, CancellationToken ct)
    {
        var result = await editor.SaveAsync(null, input, ct);
        if (!result.Succeeded)
        {
            return Problem(result, T);
        }
        var item = await db.Set<NetworkMembership>().AsNoTracking().Where(m => m.Id == result.Id).Select(Projection).FirstAsync(ct);
        return TypedResults.Created($"{request.PathBase}/api/v1/network-memberships/{item.Id}", item);
    }

    /// <summary>The body is read after the membership is found: another tenant's id is a 404 whatever is sent.</summary>
    private static async Task<Results<Ok<MembershipItem>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateMembership(
        Guid id, HttpRequest request, NetworkMembershipEditor editor, AppDbContext db, Texts T, CancellationToken ct)
    {
        var version = await db.Set<NetworkMembership>().Where(m => m.Id == id).Select(m => (DateTimeOffset?)m.UpdatedAt).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return TypedResults.NotFound();
        }
        if (!Api.ETags.Matches(request, version.Value))
        {
            return Api.ETags.PreconditionFailed();
        }
        var input = await Api.ApiInput.ReadJsonAsync<MembershipInput>(request);
        if (input is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: T["networks.api.body-required"]);
        }
        var result = await editor.SaveAsync(id, input, ct);
        if (result.NotFound)
        {
            return TypedResults.NotFound();
        }
        if (!result.Succeeded)
        {
            return Problem(result, T);
        }
        var saved = await db.Set<NetworkMembership>().AsNoTracking().Where(m => m.Id == id).Select(Projection).FirstAsync(ct);
        Api.ETags.Set(request.HttpContext, saved.UpdatedAt);
        return TypedResults.Ok(saved);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteMembership(Guid id, NetworkMembershipEditor editor, CancellationToken ct) =>
        (await editor.DeleteAsync(id, ct)).NotFound ? TypedResults.NotFound() : TypedResults.NoContent();

    private static (int Page, int PageSize) Paging(int? page, int? pageSize) =>
        (Math.Clamp(page ?? 1, 1, TwinningCloud.Web.Platform.Web.RequestInputGuard.MaxPage), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));

    private static ValidationProblem Problem(EditorResult result, Texts T) => result.ToValidationProblem(T, "networks.api.invalid");

    private static readonly System.Linq.Expressions.Expression<Func<NetworkMembership, MembershipItem>> Projection = m => new MembershipItem(
        m.Id, m.NetworkId, m.Network!.Key, m.Network.Acronym, m.Network.Name, m.Role.ToString(), m.SinceYear, m.AnnualFee, m.Currency,
        m.RenewalOn, m.ContactName, m.ContactEmail, m.WorkingGroups, m.Notes, m.IsPublic, m.CreatedAt, m.UpdatedAt);
}
