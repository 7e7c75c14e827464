using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Identity;

/// <summary>
/// The permission matrix of the README, proven by walking every endpoint of the app (from its endpoint
/// data source) as each kind of person: each reaches exactly the endpoints whose policy admits them.
/// </summary>
public sealed class PermissionMatrixTests(AppFixture app) : AppTest(app)
{
    /// <summary>Who each policy admits, by person (the README's matrix, as data).</summary>
    private static readonly Dictionary<string, string[]> Matrix = new()
    {
        [Policies.PlatformOperator] = ["operator"],
        [Policies.FederationAdmin] = ["federation-admin"],
        // Operators read any federation's staff pages (GET only: their posts are refused, OnboardingTests).
        [Policies.FederationStaff] = ["federation-admin", "operator"],
        [Policies.TenantAdmin] = ["tenant-admin"],
        [Policies.TenantStaff] = ["tenant-admin", "editor"],
        [Policies.SignedIn] = ["tenant-admin", "editor", "operator", "federation-admin"],
        // A federation's API client's token only (no person: every cookie is refused).
        [TwinningCloud.Web.Features.ApiClients.FederationClientEndpoints.Policy] = [],
        // The Prometheus scrape endpoint: operators, or a configured network (none here; ScraperNetworkTests).
        [TwinningCloud.Web.Platform.Observability.MetricsEndpoint.Policy] = ["operator"],
    };

    /// <summary>"coordinator": a member coordinator of a collective, signed in to "My collectives" by its magic link (a citizen, not staff).</summary>
    private static readonly string[] People = ["anonymous", "editor", "tenant-admin", "operator", "federation-admin", "coordinator"];

    /// <summary>
    /// The README's matrix, route by route: every endpoint that needs a sign-in, with the policies it must
    /// carry. A new protected endpoint fails this test until it is written here (and in the README).
    /// </summary>
    private static readonly Dictionary<string, string[]> ProtectedRoutes = new()
    {
        ["/admin"] = [Policies.TenantStaff],
        ["/admin/team"] = [Policies.TenantStaff, Policies.TenantAdmin],
        ["/admin/jobs"] = [Policies.TenantStaff, Policies.TenantAdmin],
        ["/admin/jobs/{id:long}"] = [Policies.TenantStaff, Policies.TenantAdmin],
        ["/admin/town-archive"] = [Policies.TenantStaff, Policies.TenantAdmin],
        ["/admin/town-archive/{id:guid}"] = [Policies.TenantStaff, Policies.TenantAdmin],
        ["/admin/api-clients"] = [Policies.TenantAdmin],
        // The consent page of an application acting for a person (authorization code + PKCE).
        ["/connect/authorize"] = [Policies.TenantStaff],
        ["/admin/networks"] = [Policies.TenantStaff],
        ["/admin/networks/new"] = [Policies.TenantStaff],
        ["/admin/networks/{id:guid}"] = [Policies.TenantStaff],
        ["/admin/domains"] = [Policies.TenantStaff],
        // Staff read the reminder settings; its posts (save, run the sweep) answer 403 to anyone but a tenant admin (RemindersPageTests).
        ["/admin/reminders"] = [Policies.TenantStaff],
        ["/api/v1/network-memberships"] = [Policies.TenantStaff],
        ["/api/v1/network-memberships/{id:guid}"] = [Policies.TenantStaff],
        ["/account"] = [Policies.SignedIn],
        ["/api/v1/me"] = [Policies.SignedIn],
        ["/federations/{federation}"] = [Policies.FederationStaff],
        ["/federations/{federation}/onboard"] = [Policies.FederationAdmin],
        ["/federations/{federation}/import"] = [Policies.FederationAdmin],
        ["/federations/{federation}/import/{id:guid}"] = [Policies.FederationAdmin],
        ["/federations/{federation}/api-clients"] = [Policies.FederationAdmin],
        ["/api/v1/federations/{federation}/directory"] = [TwinningCloud.Web.Features.ApiClients.FederationClientEndpoints.Policy],
        ["/admin/federations"] = [Policies.TenantAdmin],
        // The federation portal's library and calls for projects: staff pages (posts: its admins only, LibraryTests), and a member town's side.
        ["/federations/{federation}/library"] = [Policies.FederationStaff],
        ["/federations/{federation}/library/{id:guid}"] = [Policies.FederationStaff],
        ["/federations/{federation}/calls"] = [Policies.FederationStaff],
        ["/federations/{federation}/calls/edit/{id:guid?}"] = [Policies.FederationAdmin],
        ["/admin/federations/library"] = [Policies.TenantStaff],
        ["/admin/federations/library/{id:guid}"] = [Policies.TenantStaff],
        // Partner matching (module federation directory): the town's search, suggestions and contacts.
        ["/admin/federations/partners"] = [Policies.TenantStaff],
        ["/admin/federations/partners/contact/{id:guid}"] = [Policies.TenantStaff],
        ["/admin/federations/partners/contacts/{id:guid}"] = [Policies.TenantStaff],
        // The federation's portal: its staff edit the sections and the events (operators read); a member town's staff register delegates.
        ["/federations/{federation}/portal-pages"] = [Policies.FederationStaff],
        ["/federations/{federation}/events"] = [Policies.FederationStaff],
        ["/federations/{federation}/events/edit/{id:guid?}"] = [Policies.FederationStaff],
        ["/federations/{federation}/events/{id:guid}/delegates.csv"] = [Policies.FederationStaff],
        ["/admin/federations/events"] = [Policies.TenantStaff],
        ["/admin/federations/events/{id:guid}"] = [Policies.TenantStaff],
        ["/platform/tenants"] = [Policies.PlatformOperator],
        ["/platform/tenants/edit/{id:guid?}"] = [Policies.PlatformOperator],
        ["/platform/tenants/{id:guid}/invite"] = [Policies.PlatformOperator],
        ["/platform/tenants/{id:guid}/lifecycle"] = [Policies.PlatformOperator],
        ["/platform/tenants/{id:guid}/exports/{exportId:guid}"] = [Policies.PlatformOperator],
        ["/platform/tenants/import"] = [Policies.PlatformOperator],
        ["/platform/tenants/deletions"] = [Policies.PlatformOperator],
        ["/platform/federations"] = [Policies.PlatformOperator],
        ["/platform/federations/{id:guid}/invite"] = [Policies.PlatformOperator],
        ["/platform/outbox"] = [Policies.PlatformOperator],
        ["/platform/outbox/{id:guid}"] = [Policies.PlatformOperator],
        ["/platform/jobs"] = [Policies.PlatformOperator],
        ["/platform/hangfire/{**path}"] = [Policies.PlatformOperator], // Hangfire's dashboard: anyone else gets 404 (ADR 0007)
        ["/platform/jobs/{id:long}"] = [Policies.PlatformOperator],
        ["/platform/vital-signs"] = [Policies.PlatformOperator],
        ["/platform/metrics"] = [TwinningCloud.Web.Platform.Observability.MetricsEndpoint.Policy], // anyone else gets 404 (Observability)
        ["/admin/import"] = [Policies.TenantStaff],
        ["/admin/export"] = [Policies.TenantStaff],
        ["/admin/calendar"] = [Policies.TenantStaff],
        ["/admin/export/partner-cities.csv"] = [Policies.TenantStaff],
        ["/admin/export/agreements.csv"] = [Policies.TenantStaff],
        ["/admin/export/memberships.csv"] = [Policies.TenantStaff],
        ["/admin/export/register.json"] = [Policies.TenantStaff],
        ["/admin/partner-cities"] = [Policies.TenantStaff],
        ["/admin/partner-cities/new"] = [Policies.TenantStaff],
        ["/admin/partner-cities/{id:guid}"] = [Policies.TenantStaff],
        ["/admin/agreements"] = [Policies.TenantStaff],
        ["/admin/agreements/new"] = [Policies.TenantStaff],
        ["/admin/agreements/{id:guid}"] = [Policies.TenantStaff],
        ["/admin/agreements/{id:guid}/documents/{documentId:guid}"] = [Policies.TenantStaff],
        ["/admin/gazetteer"] = [Policies.TenantStaff],
        // The register's API: reads are open (public items only), writes (POST, PUT, DELETE) need staff.
        ["/api/v1/partner-cities"] = [Policies.TenantStaff],
        ["/api/v1/partner-cities/{id:guid}"] = [Policies.TenantStaff],
        ["/api/v1/agreements"] = [Policies.TenantStaff],
        ["/api/v1/agreements/{id:guid}"] = [Policies.TenantStaff],
        // Citizen collectives: staff pages (the citizens' own pages are anonymous, behind their links).
        ["/admin/collectives"] = [Policies.TenantStaff],
        ["/admin/collectives/edit/{id:guid?}"] = [Policies.TenantStaff],
        ["/admin/collectives/{id:guid}/members"] = [Policies.TenantStaff],
        ["/admin/collectives/{id:guid}/announcements"] = [Policies.TenantStaff],
        ["/api/v1/collectives/{id:guid}/members"] = [Policies.TenantStaff],
        ["/admin/collectives/{id:guid}/coordinators"] = [Policies.TenantStaff],
        ["/admin/collectives/{id:guid}/questions"] = [Policies.TenantStaff],
        // The coordinator area and the members' exchange allow anonymous use and are reached with a citizen's session
        // ([CitizenSessionPage]): 404 to anyone whose session does not give them the collective.
        ["/admin/collectives/{id:guid}/meetings"] = [Policies.TenantStaff],
        ["/admin/collectives/meetings/{id:guid}"] = [Policies.TenantStaff],
        ["/admin/collectives/{id:guid}/projects"] = [Policies.TenantStaff],
        ["/admin/collectives/projects/{id:guid}"] = [Policies.TenantStaff],
    };

    [Fact]
    public void Protected_endpoints_carry_exactly_the_policies_of_the_matrix()
    {
        var declared = Endpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .GroupBy(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>()).Select(a => a.Policy!).Distinct().Order().ToArray());

        Assert.Equal(ProtectedRoutes.Keys.Order(), declared.Keys.Order());
        foreach (var (route, policies) in ProtectedRoutes)
        {
            Assert.True(policies.Order().SequenceEqual(declared[route]), $"{route}: declared {string.Join(",", declared[route])}, the matrix says {string.Join(",", policies)}");
        }
    }

    [Fact]
    public void Every_endpoint_declares_who_may_use_it()
    {
        var undeclared = Endpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any())
            .Select(e => e.RoutePattern.RawText).ToList();

        Assert.Empty(undeclared);
        var unknownPolicies = Endpoints().SelectMany(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>())
            .Select(a => a.Policy).Where(p => p is null || !Matrix.ContainsKey(p)).ToList();
        Assert.Empty(unknownPolicies);
    }

    [Fact]
    public async Task Each_person_reaches_exactly_what_the_matrix_says()
    {
        await Data.EnsureOperatorAsync();
        var marseille = await Data.CreateTenantAsync("marseille", modules: ["agreements", "network-memberships", "collectives", "reminders", "federation-directory"]);
        var city = await Data.AddPartnerCityAsync(marseille, "Gênes");
        var membership = await Data.AddMembershipAsync(marseille, "cuf");
        var agreement = await Data.AddAgreementAsync(marseille, "Serment de jumelage Marseille–Gênes", [city.Id]);
        await Data.CreateStaffAsync(marseille, "editor@marseille.fr", Roles.Editor);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        var federation = await CreateFederationAdminAsync("cuf", "federation@cuf.org");
        var job = await Data.AddJobAsync(marseille.Id, "a dead job", TwinningCloud.Web.Platform.Jobs.JobState.Dead, lastError: "boom");
        var collective = await Data.AddCollectiveAsync(marseille, "Collectif Gênes");
        var coordinatorEmail = MailDev.NewAddress("matrix-coordinator", "marseille.fr");
        await Data.AddCoordinatorMemberAsync(marseille, collective.Id, coordinatorEmail, "Coordinatrice Gênes");
        var meeting = await Data.AddMeetingAsync(marseille, collective.Id, "Réunion", DateTimeOffset.UtcNow.AddDays(3));
        var project = await Data.InTenantAsync(marseille, async db =>
        {
            var p = new TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProject { CollectiveId = collective.Id, Title = "Projet" };
            db.Add(p);
            await db.SaveChangesAsync();
            return p;
        });

        // Marseille is a member of the federation, which has an event open to registration (the town's delegates page).
        await Data.AddFederationMemberAsync(new Federation { Id = federation, Slug = "cuf", Name = "CUF" }, marseille);
        var federationEvent = await Data.AddFederationEventAsync(new Federation { Id = federation, Slug = "cuf", Name = "CUF" }, "Forum");

        var clients = new Dictionary<string, HttpClient>();
        foreach (var person in People)
        {
            var client = App.CreateClient();
            var signedIn = person switch
            {
                "editor" => await client.SignInAsync("/marseille", "editor@marseille.fr"),
                "tenant-admin" => await client.SignInAsync("/marseille", "admin@marseille.fr"),
                "operator" => await client.SignInAsync("", TestUsers.OperatorEmail, TestUsers.OperatorPassword),
                "federation-admin" => await client.SignInAsync("", "federation@cuf.org"),
                _ => null,
            };
            if (person == "coordinator")
            {
                await TestData.CitizenSignInAsync(client, "marseille", coordinatorEmail);
            }
            Assert.True(signedIn is null || signedIn.StatusCode == HttpStatusCode.Redirect, $"{person} could not sign in");
            clients[person] = client;
        }

        // Values for route parameters: this tenant's own rows (another tenant's are the isolation test's).
        var values = new Dictionary<string, string>
        {
            ["/partner-cities/{key}"] = city.Slug!,
            ["/platform/tenants/edit/{id:guid?}"] = marseille.Id.ToString(),
            ["/platform/tenants/{id:guid}/invite"] = marseille.Id.ToString(),
            ["/platform/tenants/{id:guid}/lifecycle"] = marseille.Id.ToString(),
            ["/platform/federations/{id:guid}/invite"] = federation.ToString(),
            ["/federations/{federation}"] = "cuf",
            ["/federations/{federation}/onboard"] = "cuf",
            ["/federations/{federation}/import"] = "cuf",
            ["/federations/{federation}/directory"] = "cuf",
            ["/federations/{federation}/directory/map"] = "cuf",
            ["/federations/{federation}/directory.csv"] = "cuf",
            ["/federations/{federation}/directory.json"] = "cuf",
            ["/federations/{federation}/directory/seeking"] = "cuf",
            ["/federations/{federation}/api-clients"] = "cuf",
            ["/federations/{federation}/library"] = "cuf",
            ["/federations/{federation}/calls"] = "cuf",
            ["/federations/{federation}/documents"] = "cuf",
            ["/federations/{federation}/calls-for-projects"] = "cuf",
            ["/api/v1/federations/{federation}/directory"] = "cuf",
            ["/federations/{federation}/portal-pages"] = "cuf",
            ["/federations/{federation}/portal/members"] = "cuf",
            ["/federations/{federation}/portal/events"] = "cuf",
            ["/federations/{federation}/events"] = "cuf",
            ["/admin/federations/events/{id:guid}"] = federationEvent.Id.ToString(),
            ["/calendar/{token}.ics"] = await Data.CalendarTokenAsync(marseille),
            ["/admin/networks/{id:guid}"] = membership.Id.ToString(),
            ["/api/v1/network-memberships/{id:guid}"] = membership.Id.ToString(),
            ["/admin/partner-cities/{id:guid}"] = city.Id.ToString(),
            ["/admin/agreements/{id:guid}"] = agreement.Id.ToString(),
            ["/admin/jobs/{id:long}"] = job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["/platform/jobs/{id:long}"] = job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["/platform/hangfire/{**path}"] = "recurring",
            ["/collectives/{id:guid}"] = collective.Id.ToString(),
            ["/admin/collectives/edit/{id:guid?}"] = collective.Id.ToString(),
            ["/admin/collectives/{id:guid}/members"] = collective.Id.ToString(),
            ["/admin/collectives/{id:guid}/announcements"] = collective.Id.ToString(),
            ["/api/v1/collectives/{id:guid}/members"] = collective.Id.ToString(),
            ["/admin/collectives/{id:guid}/coordinators"] = collective.Id.ToString(),
            ["/admin/collectives/{id:guid}/questions"] = collective.Id.ToString(),
            ["/collectives/coordinate/{id:guid}/members"] = collective.Id.ToString(),
            ["/collectives/coordinate/{id:guid}/announcements"] = collective.Id.ToString(),
            ["/collectives/coordinate/{id:guid}/questions"] = collective.Id.ToString(),
            ["/collectives/{id:guid}/exchange"] = collective.Id.ToString(),
            ["/admin/collectives/{id:guid}/meetings"] = collective.Id.ToString(),
            ["/admin/collectives/meetings/{id:guid}"] = meeting.Id.ToString(),
            ["/admin/collectives/{id:guid}/projects"] = collective.Id.ToString(),
            ["/admin/collectives/projects/{id:guid}"] = project.Id.ToString(),
        };
        // Pages that answer only posts: their GET is a 404 for everyone.
        string[] postOnly = ["/sign-out"];
        // Endpoints a GET cannot exercise (JSON posts) or whose content depends on data this test does not make.
        // The register's API templates carry open GETs and staff-only writes: a GET cannot tell them apart (AgreementsApiTests do).
        string[] notGettable = ["/api/v1/auth/token", "/connect/token", "/federations/{federation}/connect/token", "/platform/outbox/{id:guid}", "/logo", "/admin/agreements/{id:guid}/documents/{documentId:guid}",
            "/api/v1/partner-cities", "/api/v1/partner-cities/{id:guid}", "/api/v1/agreements", "/api/v1/agreements/{id:guid}",
            "/federations/{federation}/import/{id:guid}", // a bulk onboarding file of the federation (ImportTests)
            // A document of the federation (two route values; LibraryTests walks them with their own ids and every person).
            "/federations/{federation}/library/{id:guid}", "/federations/{federation}/documents/{id:guid}", "/admin/federations/library/{id:guid}",
            "/federations/{federation}/calls/edit/{id:guid?}", // two route values (CallsTests; FederationIsolationTests refuses everyone else)
            // Writing to a town needs a federation shared with a listed town, a contact needs a contact (PartnerContactTests walk both as each side).
            "/admin/federations/partners/contact/{id:guid}", "/admin/federations/partners/contacts/{id:guid}",
            // Two parameters (a federation and a section or an event): PortalTests and EventsTests walk them as each person.
            "/federations/{federation}/portal/{section?}", "/federations/{federation}/portal/events/{id:guid}",
            "/federations/{federation}/events/edit/{id:guid?}", "/federations/{federation}/events/{id:guid}/delegates.csv",
            "/connect/authorize", // needs an application's authorization request; without one OpenIddict answers 400 first (PersonAppTests walk it)
            // An export's archive (two route values; Lifecycle/TownExportTests download them as the operator, the town's admin and others).
            "/platform/tenants/{id:guid}/exports/{exportId:guid}", "/admin/town-archive/{id:guid}",
            "/coming-soon"]; // served only in place of a closed page of a town in preparation (PreparationTests); its own address is a 404

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in Endpoints())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (notGettable.Contains(template))
            {
                continue;
            }
            var path = endpoint.RoutePattern.Parameters.Count == 0 ? template
                : values.TryGetValue(template, out var value) ? System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", value)
                : throw new InvalidOperationException($"Add a value for '{template}' to the matrix test.");
            var scope = EndpointScopeExtensions.ScopeOf(endpoint);
            var sides = scope switch
            {
                EndpointScope.Tenant => new[] { "/marseille" },
                EndpointScope.Platform => [""],
                _ => ["/marseille", ""],
            };
            foreach (var side in sides)
            {
                foreach (var person in People)
                {
                    var expected = Admits(endpoint, person, side);
                    var response = await clients[person].GetAsync(side + path);
                    checkedCount++;
                    var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                        || ((IsCitizenSessionPage(endpoint) || IsJobsDashboard(endpoint)) && response.StatusCode == HttpStatusCode.NotFound)
                        || (response.StatusCode == HttpStatusCode.Redirect
                            && (response.Headers.Location!.PathAndQuery.Contains("/sign-in", StringComparison.Ordinal)
                                || response.Headers.Location.PathAndQuery.Contains("/error/403", StringComparison.Ordinal)));
                    // Reached: the page itself answered (a link page without its link answers 422, a post-only page 404).
                    var reached = !refused && (postOnly.Contains(template)
                        ? response.StatusCode == HttpStatusCode.NotFound
                        : response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity);
                    if (expected ? !reached : !refused)
                    {
                        failures.Add($"{person} GET {side}{path}: {(int)response.StatusCode} {response.Headers.Location}, expected {(expected ? "access" : "refusal")}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCount > 60, $"only {checkedCount} requests checked");
    }

    private static bool IsCitizenSessionPage(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<TwinningCloud.Web.Features.Collectives.Coordinators.CitizenSessionPageAttribute>() is not null;

    /// <summary>Hangfire's dashboard: not advertised, so its refusal is our 404 page (ADR 0007).</summary>
    private static bool IsJobsDashboard(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("platform/hangfire", StringComparison.Ordinal)
        || endpoint.RoutePattern.RawText.TrimStart('/') == "platform/metrics"; // likewise the Prometheus scrape endpoint

    private static bool Admits(RouteEndpoint endpoint, string person, string side)
    {
        if (IsCitizenSessionPage(endpoint))
        {
            return person == "coordinator" && side == "/marseille";
        }
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return true;
        }
        // Staff sign in on their town's side; operators and federation staff on the platform's.
        var onItsSide = person switch
        {
            "editor" or "tenant-admin" => side == "/marseille",
            "operator" or "federation-admin" => side == "",
            _ => false,
        };
        return onItsSide && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().All(a => Matrix[a.Policy!].Contains(person));
    }

    private IEnumerable<RouteEndpoint> Endpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => EndpointScopeExtensions.ScopeOf(e) != EndpointScope.Shared || e.Metadata.GetMetadata<IAllowAnonymous>() is null);

    private async Task<Guid> CreateFederationAdminAsync(string slug, string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var federation = new Federation { Slug = slug, Name = slug.ToUpperInvariant() };
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        Assert.True((await users.CreateAsync(user, TestUsers.StaffPassword)).Succeeded);
        db.Add(federation);
        db.Add(new FederationMembership { FederationId = federation.Id, UserId = user.Id });
        await db.SaveChangesAsync();
        return federation.Id;
    }
}
