using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Federations;

/// <summary>
/// The federation side's isolation walk: every federation route the app has (read from its endpoint data source, so a
/// route added later is walked too), called with GET and POST as another federation's admin, as anonymous and as a
/// member town's admin: staff routes refuse, and no answer carries the federation's onboarding data or a member's
/// internal data; one's own federation with the other's ids answers 404.
/// </summary>
public sealed class FederationIsolationTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Every_federation_route_refuses_other_federations_and_towns_and_never_shows_internal_or_onboarding_data()
    {
        var cuf = await Data.CreateFederationAsync("cuf", "Cités Unies France");
        var afccre = await Data.CreateFederationAsync("afccre", "AFCCRE");
        await Data.CreateFederationStaffAsync(cuf, "admin@cuf.org");
        await Data.CreateFederationStaffAsync(afccre, "admin@afccre.org");
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille", modules: [ModuleKeys.Agreements, ModuleKeys.FederationDirectory]);
        await Data.AddFederationMemberAsync(cuf, marseille, shareDates: true);
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", TwinningCloud.Web.Platform.Identity.Roles.TenantAdmin);
        var genes = await Data.AddCityAsync(marseille, "Gênes", "IT", 44.41, 8.93);
        await Data.AddAgreementAsync(marseille, "marseille-internal-agreement", AgreementKind.CooperationAgreement, [genes], isPublic: false);
        await Data.AddAgreementAsync(marseille, "Serment Marseille–Gênes", AgreementKind.TwinningOath, [genes]);
        using var cufAdmin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await cufAdmin.SignInAsync("", "admin@cuf.org"));
        AssertStatus(HttpStatusCode.Redirect, await cufAdmin.SubmitFormAsync("/federations/cuf/onboard", new Dictionary<string, string?>
        {
            ["Form.TownName"] = "cuf-secret-town", ["Form.AdminEmail"] = "cuf-secret-mayor@example.org", ["Form.AdminName"] = "cuf-secret-name",
        }));
        var onboarding = Assert.Single(await Data.OnboardingsAsync(cuf));
        var upload = await cufAdmin.SubmitFormAsync("/federations/cuf/import", new Dictionary<string, string?>(),
            files: [("file", "towns.csv", System.Text.Encoding.UTF8.GetBytes("town,country,admin_email\ncuf-import-secret-town,FR,cuf-import-secret@example.org\n"), "text/csv")]);
        AssertStatus(HttpStatusCode.Redirect, upload);
        var importId = upload.Headers.Location!.OriginalString.Split('/').Last();
        // The portal's members-only document and call (library): never on the portal, nor to another federation.
        var membersOnly = await Data.AddFederationDocumentAsync(cuf, "cuf-members-only-document", isPublic: false);
        await Data.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>();
            db.Add(new TwinningCloud.Web.Features.Federations.Portal.Calls.FederationCall { FederationId = cuf.Id, Title = "cuf-members-only-call", DeadlineAt = DateTimeOffset.UtcNow.AddDays(30) });
            return await db.SaveChangesAsync();
        });
        string[] markers = ["marseille-internal-agreement", "cuf-secret-mayor", "cuf-secret-name", "admin@cuf.org", "cuf-import-secret", "cuf-members-only-document", "cuf-members-only-call"];

        using var anonymous = App.CreateClient();
        using var other = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await other.SignInAsync("", "admin@afccre.org"));
        using var town = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await town.SignInAsync("/marseille", "admin@marseille.fr"));
        var callers = new[]
        {
            ("anonymous", anonymous, await OnboardingTests.AntiforgeryAsync(anonymous, "/sign-in")),
            ("AFCCRE's admin", other, await OnboardingTests.AntiforgeryAsync(other, "/account")),
            ("Marseille's admin", town, await OnboardingTests.AntiforgeryAsync(town, "/marseille/account")),
        };
        var routes = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("federations/{federation}", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count >= 5, $"only {routes.Count} federation routes");
        var failures = new List<string>();
        foreach (var endpoint in routes)
        {
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/').Replace("{federation}", "cuf", StringComparison.Ordinal).Replace("{id:guid}", importId, StringComparison.Ordinal).Replace("{id:guid?}", importId, StringComparison.Ordinal);
            foreach (var (who, client, token) in callers)
            {
                foreach (var handler in new[] { "", "Resend", "Cancel", "Invite", "Start", "Progress" })
                {
                    foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
                    {
                        var url = handler.Length == 0 ? path : $"{path}?handler={handler}&id={onboarding.Id}&town=marseille";
                        var request = new HttpRequestMessage(method, url);
                        if (method == HttpMethod.Post)
                        {
                            request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
                        }
                        var response = await client.SendAsync(request);
                        var body = await response.Content.ReadAsStringAsync();
                        var location = response.Headers.Location?.OriginalString ?? string.Empty;
                        var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.BadRequest
                            || (response.StatusCode == HttpStatusCode.Redirect && (location.Contains("/sign-in", StringComparison.Ordinal) || location.Contains("/error/", StringComparison.Ordinal)));
                        if (!isPublic && !refused)
                        {
                            failures.Add($"{who} {method} {url}: {(int)response.StatusCode} {location}, expected a refusal");
                        }
                        if (markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) is { } leaked)
                        {
                            failures.Add($"{who} {method} {url} showed {leaked}");
                        }
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(OnboardingStatus.Invited, Assert.Single(await Data.OnboardingsAsync(cuf)).Status); // nothing was cancelled, nothing started
        Assert.Contains("En attente", await ReadAsync(await cufAdmin.GetAsync($"/federations/cuf/import/{importId}")), StringComparison.Ordinal);

        // Through one's own federation, the other's import and onboarding ids answer 404.
        var afccreToken = await OnboardingTests.AntiforgeryAsync(other, "/account");
        AssertStatus(HttpStatusCode.NotFound, await other.GetAsync($"/federations/afccre/import/{importId}"));
        AssertStatus(HttpStatusCode.NotFound, await other.PostAsync($"/federations/afccre/import/{importId}?handler=Start", new FormUrlEncodedContent([new("__RequestVerificationToken", afccreToken)])));
        AssertStatus(HttpStatusCode.NotFound, await other.PostAsync($"/federations/afccre?handler=Resend&id={onboarding.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", afccreToken)])));

        // The markers are real: CUF's own admin sees the onboarding.
        var own = await ReadAsync(await cufAdmin.GetAsync("/federations/cuf"));
        Assert.Contains("cuf-secret-mayor", own, StringComparison.Ordinal);
        Assert.DoesNotContain("marseille-internal-agreement", own, StringComparison.Ordinal); // never a member's internal data, not even to its federation
        Assert.Contains("cuf-members-only-document", await ReadAsync(await cufAdmin.GetAsync("/federations/cuf/library")), StringComparison.Ordinal);
        Assert.Contains("cuf-members-only-call", await ReadAsync(await cufAdmin.GetAsync("/federations/cuf/calls")), StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.NotFound, await other.GetAsync($"/federations/afccre/library/{membersOnly.Id}"));
    }
}
