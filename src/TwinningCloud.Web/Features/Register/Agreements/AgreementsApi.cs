using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Localization;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>
/// The register's JSON API under the tenant (<c>/{slug}/api/v1/...</c>). Reads are open to anyone but
/// answer only public items unless the caller is the tenant's staff (cookie or bearer token), who see
/// everything; writes need staff. Lists are paged (<c>page</c>, <c>pageSize</c> up to 200) in an envelope
/// <c>{ items, page, pageSize, total }</c>. Errors are problem details: a body or query that cannot be read, and fields that fail validation (a validation
/// problem listing them in <c>errors</c>), both answer 400.
/// </summary>
public static class AgreementsApi
{
    public sealed record PartnerCityDto(
        Guid Id, string Name, string? LocalName, string CountryCode, string? Region, long? Population, int? PopulationYear,
        string? LeaderTitle, string? LeaderName, double? Latitude, double? Longitude, string? Website, string? Notes, bool IsPublic,
        string? NameFr, string? NameEn)
    {
        public static PartnerCityDto From(PartnerCity c, bool staff) => new(c.Id, c.Name, c.LocalName, c.CountryCode, c.Region, c.Population,
            c.PopulationYear, c.LeaderTitle, c.LeaderName, c.Latitude, c.Longitude, c.Website, staff ? c.Notes : null, c.IsPublic, c.NameFr, c.NameEn);
    }

    public sealed record PartyDto(Guid Id, string Name, string CountryCode);

    public sealed record EventDto(Guid Id, string Kind, DateOnly OccurredOn, string Precision, string? Notes);

    public sealed record AgreementDto(
        Guid Id, string Kind, string Title, IReadOnlyList<PartyDto> Parties, DateOnly? SignedOn, string? SignedAt, string Status,
        DateOnly? NextReviewOn, Guid? ResponsibleUserId, IReadOnlyList<string> Domains, bool IsPublic, string? Summary,
        IReadOnlyList<EventDto> History, string SignedPrecision, string? TitleFr, string? TitleEn, string? SummaryFr, string? SummaryEn,
        string? DecisionReference)
    {
        public static AgreementDto From(Agreement a, bool staff) => new(a.Id, a.Kind.ToString(), a.Title,
            a.Parties.Where(p => p.PartnerCity is not null && (staff || IsVisibleCity(p.PartnerCity)))
                .Select(p => new PartyDto(p.PartnerCityId, p.PartnerCity!.Name, p.PartnerCity.CountryCode)).OrderBy(p => p.Name).ToList(),
            a.SignedOn, a.SignedAt, a.Status.ToString(), staff ? a.NextReviewOn : null, staff ? a.ResponsibleUserId : null,
            a.Domains.Where(d => d.Domain is not null).Select(d => d.Domain!.Key).Order().ToList(), a.IsPublic, a.Summary,
            a.Events.OrderBy(e => e.OccurredOn).Select(e => new EventDto(e.Id, e.Kind.ToString(), e.OccurredOn, e.Precision.ToString(), e.Notes)).ToList(),
            a.SignedPrecision.ToString(), a.TitleFr, a.TitleEn, a.SummaryFr, a.SummaryEn, a.DecisionReference);
    }

    private static readonly Func<PartnerCity, bool> IsVisibleCity = PartnerCity.PublicRule.Compile();

    public sealed record DomainDto(string Key, string NameFr, string NameEn);

    public static void MapAgreementsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Register");

        api.MapGet("/partner-cities", ListPartnerCities)
            .AllowAnonymous().WithName("ListPartnerCities").WithSummary("Lists partner cities (public ones only, unless the caller is staff).");
        api.MapGet("/partner-cities/{id:guid}", GetPartnerCity)
            .AllowAnonymous().WithName("GetPartnerCity").WithSummary("One partner city.");
        api.MapPost("/partner-cities", CreatePartnerCity)
            .RequireAuthorization(Policies.TenantStaff).Accepts<PartnerCityInput>("application/json")
            .WithName("CreatePartnerCity").WithSummary("Creates a partner city (staff).");
        api.MapPut("/partner-cities/{id:guid}", UpdatePartnerCity)
            .RequireAuthorization(Policies.TenantStaff) // body read by hand (JSON PartnerCityInput) after the id check: no Accepts, which would answer 415 before the 404
            .WithName("UpdatePartnerCity").WithSummary("Replaces a partner city's fields (staff).");
        api.MapDelete("/partner-cities/{id:guid}", DeletePartnerCity)
            .RequireAuthorization(Policies.TenantStaff).WithName("DeletePartnerCity").WithSummary("Deletes a partner city that is no party to any agreement (staff).");

        api.MapGet("/agreements", ListAgreements)
            .AllowAnonymous().WithName("ListAgreements").WithSummary("Lists agreements (public ones only, unless the caller is staff).");
        api.MapGet("/agreements/{id:guid}", GetAgreement)
            .AllowAnonymous().WithName("GetAgreement").WithSummary("One agreement with its parties, domains and history.");
        api.MapPost("/agreements", CreateAgreement)
            .RequireAuthorization(Policies.TenantStaff).Accepts<AgreementInput>("application/json")
            .WithName("CreateAgreement").WithSummary("Creates an agreement (staff).");
        api.MapPut("/agreements/{id:guid}", UpdateAgreement)
            .RequireAuthorization(Policies.TenantStaff) // body: JSON AgreementInput, read after the id check
            .WithName("UpdateAgreement").WithSummary("Replaces an agreement's fields, parties, domains and history (staff).");
        api.MapDelete("/agreements/{id:guid}", DeleteAgreement)
            .RequireAuthorization(Policies.TenantStaff).WithName("DeleteAgreement").WithSummary("Deletes an agreement with its history and documents (staff).");

        api.MapGet("/domains", ListDomains)
            .AllowAnonymous().WithName("ListDomains").WithSummary("The tenant's cooperation domains, in both languages.");
    }

    // ---- partner cities ----------------------------------------------------------------------------

    private static async Task<Ok<Paged<PartnerCityDto>>> ListPartnerCities(
        AppDbContext db, HttpContext http, IAuthorizationService auth, string? q, string? country, string? sort, int? page, int? pageSize)
    {
        var staff = await IsStaffAsync(http, auth);
        var (p, size) = RegisterSearch.Clamp(page, pageSize, 50);
        var query = Readable(db.Set<PartnerCity>().AsNoTracking(), staff)
            .Apply(new PartnerCityFilter { Q = q, Country = country, Sort = sort });
        var result = await query.PageAsync(p, size, http.RequestAborted);
        return TypedResults.Ok(result.Select(c => PartnerCityDto.From(c, staff)));
    }

    private static async Task<Results<Ok<PartnerCityDto>, NotFound>> GetPartnerCity(Guid id, AppDbContext db, HttpContext http, IAuthorizationService auth)
    {
        var staff = await IsStaffAsync(http, auth);
        var city = await Readable(db.Set<PartnerCity>().AsNoTracking(), staff).FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (city is null)
        {
            return TypedResults.NotFound();
        }
        Api.ETags.Set(http, city.UpdatedAt);
        return TypedResults.Ok(PartnerCityDto.From(city, staff));
    }

    private static async Task<Results<Created<PartnerCityDto>, ValidationProblem, ProblemHttpResult>> CreatePartnerCity(
        HttpContext http, PartnerCityEditor editor, AppDbContext db, Texts T)
    {
        var input = await ReadAsync<PartnerCityInput>(http);
        if (input is null)
        {
            return BadBody();
        }
        var result = await editor.SaveAsync(null, input, http.RequestAborted);
        if (!result.Succeeded)
        {
            return Invalid(result, T);
        }
        var city = await db.Set<PartnerCity>().AsNoTracking().FirstAsync(c => c.Id == result.Id, http.RequestAborted);
        return TypedResults.Created($"{http.Request.PathBase}/api/v1/partner-cities/{city.Id}", PartnerCityDto.From(city, true));
    }

    private static async Task<Results<Ok<PartnerCityDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdatePartnerCity(
        Guid id, HttpContext http, PartnerCityEditor editor, AppDbContext db, Texts T)
    {
        var version = await db.Set<PartnerCity>().Where(c => c.Id == id).Select(c => (DateTimeOffset?)c.UpdatedAt).FirstOrDefaultAsync(http.RequestAborted);
        if (version is null)
        {
            return TypedResults.NotFound();
        }
        if (!Api.ETags.Matches(http.Request, version.Value))
        {
            return Api.ETags.PreconditionFailed();
        }
        var input = await ReadAsync<PartnerCityInput>(http);
        if (input is null)
        {
            return BadBody();
        }
        var result = await editor.SaveAsync(id, input, http.RequestAborted);
        if (result.NotFound)
        {
            return TypedResults.NotFound();
        }
        if (!result.Succeeded)
        {
            return Invalid(result, T);
        }
        var city = await db.Set<PartnerCity>().AsNoTracking().FirstAsync(c => c.Id == id, http.RequestAborted);
        Api.ETags.Set(http, city.UpdatedAt);
        return TypedResults.Ok(PartnerCityDto.From(city, true));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeletePartnerCity(Guid id, PartnerCityEditor editor, HttpContext http, Texts T)
    {
        var result = await editor.DeleteAsync(id, http.RequestAborted);
        return result.NotFound ? TypedResults.NotFound()
            : result.Succeeded ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T[result.Errors[""]]);
    }

    // ---- agreements --------------------------------------------------------------------------------

    private static async Task<Ok<Paged<AgreementDto>>> ListAgreements(
        AppDbContext db, HttpContext http, IAuthorizationService auth,
        string? q, string? country, string? domain, string? kind, string? status, int? year, string? sort, int? page, int? pageSize)
    {
        var staff = await IsStaffAsync(http, auth);
        var (p, size) = RegisterSearch.Clamp(page, pageSize, 50);
        var query = Loaded(Readable(db.Set<Agreement>(), staff))
            .Apply(new AgreementFilter { Q = q, Country = country, Domain = domain, Kind = kind, Status = status, Year = year, Sort = sort });
        var result = await query.PageAsync(p, size, http.RequestAborted);
        return TypedResults.Ok(result.Select(a => AgreementDto.From(a, staff)));
    }

    private static async Task<Results<Ok<AgreementDto>, NotFound>> GetAgreement(Guid id, AppDbContext db, HttpContext http, IAuthorizationService auth)
    {
        var staff = await IsStaffAsync(http, auth);
        var agreement = await Loaded(Readable(db.Set<Agreement>(), staff)).FirstOrDefaultAsync(a => a.Id == id, http.RequestAborted);
        if (agreement is null)
        {
            return TypedResults.NotFound();
        }
        Api.ETags.Set(http, agreement.UpdatedAt);
        return TypedResults.Ok(AgreementDto.From(agreement, staff));
    }

    private static async Task<Results<Created<AgreementDto>, ValidationProblem, ProblemHttpResult>> CreateAgreement(
        HttpContext http, AgreementEditor editor, AppDbContext db, Texts T)
    {
        var input = await ReadAsync<AgreementInput>(http);
        if (input is null)
        {
            return BadBody();
        }
        var result = await editor.SaveAsync(null, input, http.RequestAborted);
        if (!result.Succeeded)
        {
            return Invalid(result, T);
        }
        var agreement = await Loaded(db).FirstAsync(a => a.Id == result.Id, http.RequestAborted);
        return TypedResults.Created($"{http.Request.PathBase}/api/v1/agreements/{agreement.Id}", AgreementDto.From(agreement, true));
    }

    private static async Task<Results<Ok<AgreementDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAgreement(
        Guid id, HttpContext http, AgreementEditor editor, AppDbContext db, Texts T)
    {
        var version = await db.Set<Agreement>().Where(a => a.Id == id).Select(a => (DateTimeOffset?)a.UpdatedAt).FirstOrDefaultAsync(http.RequestAborted);
        if (version is null)
        {
            return TypedResults.NotFound();
        }
        if (!Api.ETags.Matches(http.Request, version.Value))
        {
            return Api.ETags.PreconditionFailed();
        }
        var input = await ReadAsync<AgreementInput>(http);
        if (input is null)
        {
            return BadBody();
        }
        var result = await editor.SaveAsync(id, input, http.RequestAborted);
        if (result.NotFound)
        {
            return TypedResults.NotFound();
        }
        if (!result.Succeeded)
        {
            return Invalid(result, T);
        }
        db.ChangeTracker.Clear();
        var agreement = await Loaded(db).FirstAsync(a => a.Id == id, http.RequestAborted);
        Api.ETags.Set(http, agreement.UpdatedAt);
        return TypedResults.Ok(AgreementDto.From(agreement, true));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAgreement(Guid id, AgreementEditor editor, HttpContext http)
    {
        var result = await editor.DeleteAsync(id, http.RequestAborted);
        return result.NotFound ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static async Task<Ok<List<DomainDto>>> ListDomains(AppDbContext db, HttpContext http) =>
        TypedResults.Ok(await db.Set<CooperationDomain>().AsNoTracking().OrderBy(d => d.Key)
            .Select(d => new DomainDto(d.Key, d.NameFr, d.NameEn)).ToListAsync(http.RequestAborted));

    private static IQueryable<Agreement> Loaded(AppDbContext db) => Loaded(db.Set<Agreement>());

    private static IQueryable<Agreement> Loaded(IQueryable<Agreement> agreements) =>
        agreements.AsNoTracking()
            .Include(a => a.Parties).ThenInclude(p => p.PartnerCity)
            .Include(a => a.Domains).ThenInclude(d => d.Domain)
            .Include(a => a.Events)
            .AsSplitQuery();

    /// <summary>
    /// What the caller may read: everything for the town's staff (these reads allow anonymous use, so the
    /// public filter is on and staff lift it); the public rule for anyone else (<see cref="PublicVisibility"/>).
    /// </summary>
    private static IQueryable<T> Readable<T>(IQueryable<T> query, bool staff) where T : class, IPubliclyVisible<T> =>
        staff ? query.IncludingInternal() : query.PubliclyVisible();

    private static async Task<bool> IsStaffAsync(HttpContext http, IAuthorizationService auth) =>
        http.User.Identity?.IsAuthenticated == true && (await auth.AuthorizeAsync(http.User, Policies.TenantStaff)).Succeeded;

    /// <summary>Reads the JSON body after the id was checked (so another tenant's id is a 404 whatever the body); null when it is not a JSON object of the documented shape.</summary>
    private static Task<T?> ReadAsync<T>(HttpContext http) where T : class => Api.ApiInput.ReadJsonAsync<T>(http.Request);

    private static ProblemHttpResult BadBody() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid body", detail: "The body must be a JSON object of the documented shape.");

    private static ValidationProblem Invalid(EditorResult result, Texts T) => result.ToValidationProblem(T, "agreements.api.invalid");
}
