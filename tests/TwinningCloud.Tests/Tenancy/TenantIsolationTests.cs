using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Features.Register.Agreements;
using TwinningCloud.Web.Features.Register.PartnerCities;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Jobs;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Tenancy;

/// <summary>
/// Walks every tenant endpoint the app has (read from its endpoint data source, so a route added
/// later is checked without anyone remembering to add it) and calls it as Marseille with Bagnolet's
/// ids: the answer must be 404, and no answer may carry Bagnolet's data.
/// </summary>
public sealed partial class TenantIsolationTests(AppFixture app) : AppTest(app)
{
    /// <summary>
    /// Makes one row of every tenant-owned entity in a tenant, each carrying a unique marker text where it
    /// has text, and returns (entity type, id usable in a route, marker). A new tenant-owned entity must be
    /// made here, or <see cref="Every_tenant_owned_entity_has_an_isolation_sample"/> fails.
    /// </summary>
    internal static async Task<List<(Type Type, Guid Id, string Marker)>> MakeSamplesAsync(AppDbContext db, string prefix)
    {
        string Marker(string what) => $"{prefix}-{what}-{Guid.NewGuid():N}"[..(prefix.Length + what.Length + 14)];
        var city = new PartnerCity { Name = Marker("city"), CountryCode = "DE", Notes = Marker("notes"), IsPublic = true };
        var domain = new CooperationDomain { Key = Marker("domain").ToLowerInvariant(), NameFr = Marker("domainfr"), NameEn = Marker("domainen") };
        var agreement = new Agreement { Title = Marker("agreement"), Kind = AgreementKind.TwinningOath, IsPublic = true, Summary = Marker("summary") };
        var history = new AgreementEvent { AgreementId = agreement.Id, Kind = AgreementEventKind.Renewed, OccurredOn = new DateOnly(1991, 5, 23), Notes = Marker("event") };
        var document = new AgreementDocument { AgreementId = agreement.Id, FileName = Marker("file") + ".pdf", ContentType = "application/pdf", Content = "%PDF-1.4"u8.ToArray(), Length = 8 };
        agreement.Parties.Add(new AgreementParty { PartnerCityId = city.Id });
        agreement.Domains.Add(new AgreementDomain { DomainId = domain.Id });
        agreement.Events.Add(history);
        agreement.Documents.Add(document);
        var user = new AppUser { UserName = Marker("user") + "@example.org", Email = Marker("user") + "@example.org", DisplayName = Marker("name") };
        var network = await db.Set<Network>().OrderBy(n => n.Key).FirstAsync();
        var membership = new NetworkMembership { NetworkId = network.Id, ContactName = Marker("contact"), Notes = Marker("membership") };
        db.AddRange(city, domain, agreement, user, membership);
        db.Add(new TenantMembership { UserId = user.Id, Role = Roles.Editor });
        await db.SaveChangesAsync();
        var audit = await db.Set<AuditEntry>().FirstAsync(e => e.SubjectId == agreement.Id);
        var settings = new ReminderSettings { TenantId = db.CurrentTenantId!.Value, SweepHour = 6 };
        var rule = new ReminderRule { Subject = ReminderSubject.AgreementReview, RecipientUserIds = [user.Id], OffsetDays = [45, 15] };
        var delivery = new ReminderDelivery
        {
            Subject = ReminderSubject.AgreementReview, ItemId = agreement.Id, DueOn = new DateOnly(2030, 1, 15), OffsetDays = 15,
            PlannedOn = new DateOnly(2029, 12, 31), ItemTitle = Marker("reminder"), Recipients = [Marker("recipient") + "@example.org"],
        };
        var apiClient = new TwinningCloud.Web.Features.ApiClients.ApiClient { Name = Marker("apiclient"), ClientId = Marker("clientid"), Scopes = "register.read", CreatedAt = DateTimeOffset.UtcNow };
        db.AddRange(settings, rule, delivery, apiClient);
        await db.SaveChangesAsync();
        var recipient = new ReminderRecipientDelivery { DeliveryId = delivery.Id, Email = Marker("recipient") + "@example.org" };
        db.Add(recipient);
        await db.SaveChangesAsync();
        var collectives = await MakeCollectiveSamplesAsync(db, Marker, city.Id);
        var coordination = await MakeCoordinationSamplesAsync(db, Marker, collectives, user.Id);
        var collectiveActivity = await MakeCollectiveActivitySamplesAsync(db, Marker, collectives);
        var library = await MakeLibrarySampleAsync(db, Marker, user);
        var matching = await MakeMatchingSamplesAsync(db, Marker, user.Id);
        var federationEvents = await MakeFederationEventSamplesAsync(db, Marker);
        return
        [
            library,
            .. matching,
            .. federationEvents,
            .. collectives,
            .. coordination,
            .. collectiveActivity,
            (typeof(PartnerCity), city.Id, city.Name),
            (typeof(CooperationDomain), domain.Id, domain.NameFr),
            (typeof(Agreement), agreement.Id, agreement.Title),
            (typeof(AgreementParty), city.Id, city.Name),
            (typeof(AgreementDomain), domain.Id, domain.NameEn),
            (typeof(AgreementEvent), history.Id, history.Notes!),
            (typeof(AgreementDocument), document.Id, document.FileName),
            (typeof(TenantMembership), user.Id, user.Email!),
            (typeof(NetworkMembership), membership.Id, membership.Notes!),
            (typeof(AuditEntry), audit.Id, agreement.Summary!),
            (typeof(ReminderSettings), db.CurrentTenantId!.Value, delivery.ItemTitle),
            (typeof(ReminderRule), rule.Id, user.Email!),
            (typeof(ReminderDelivery), delivery.Id, delivery.Recipients[0]),
            (typeof(ReminderRecipientDelivery), recipient.Id, recipient.Email),
            (typeof(TwinningCloud.Web.Features.ApiClients.ApiClient), apiClient.Id, apiClient.Name),
        ];
    }

    /// <summary>
    /// The federation portal (library): a federation the town belongs to, with a members-only document and a call, and a
    /// call reminder recorded for one of the town's people (tenant-owned). The walk fills the members' routes with the
    /// document's id: another town's federation's document answers 404 and its title never shows.
    /// </summary>
    private static async Task<(Type Type, Guid Id, string Marker)> MakeLibrarySampleAsync(AppDbContext db, Func<string, string> marker, AppUser user)
    {
        var federation = new TwinningCloud.Web.Features.Federations.Federation { Slug = marker("fed").ToLowerInvariant(), Name = marker("federation") };
        var title = marker("fed-document");
        var document = new TwinningCloud.Web.Features.Federations.Portal.Documents.FederationDocument
        {
            FederationId = federation.Id, Title = title, FileName = title + ".pdf", ContentType = "application/pdf", Content = "%PDF-1.4"u8.ToArray(), Length = 8,
        };
        var call = new TwinningCloud.Web.Features.Federations.Portal.Calls.FederationCall { FederationId = federation.Id, Title = title + "-call", DeadlineAt = DateTimeOffset.UtcNow.AddDays(30) };
        db.AddRange(federation, document, call);
        db.Add(new TwinningCloud.Web.Features.Federations.FederationMember { FederationId = federation.Id, TenantId = db.CurrentTenantId!.Value, Status = TwinningCloud.Web.Features.Federations.MemberStatus.Accepted });
        await db.SaveChangesAsync();
        var reminder = new TwinningCloud.Web.Features.Federations.Portal.Calls.FederationCallReminder
        {
            CallId = call.Id, DeadlineAt = call.DeadlineAt, DaysBefore = 7, UserId = user.Id, Email = title + "@example.org",
        };
        db.Add(reminder);
        await db.SaveChangesAsync();
        return (typeof(TwinningCloud.Web.Features.Federations.Portal.Calls.FederationCallReminder), document.Id, title);
    }

    /// <summary>Citizen collectives: a collective, a member (a coordinator), a link, an erasure record, an announcement and its delivery.</summary>
    private static async Task<List<(Type Type, Guid Id, string Marker)>> MakeCollectiveSamplesAsync(AppDbContext db, Func<string, string> marker, Guid cityId)
    {
        var collective = new Collective { Name = marker("collective"), Description = marker("collective-description"), PartnerCityId = cityId };
        var member = new CollectiveMember
        {
            CollectiveId = collective.Id, Email = marker("citizen").ToLowerInvariant() + "@example.org", Name = marker("citizen-name"),
            Status = MemberStatus.Member, IsCoordinator = true, ShownAsCoordinator = true, ConsentText = marker("consent"), ConsentVersion = "v1",
        };
        var token = new CitizenToken { Hash = marker("hash"), Email = member.Email, MemberId = member.Id, ExpiresAt = DateTimeOffset.UtcNow.AddDays(1) };
        var erasure = new CitizenErasure { ErasedAt = DateTimeOffset.UtcNow, Memberships = 1 };
        var announcement = new Announcement { CollectiveId = collective.Id, Subject = marker("announcement"), BodyMarkdown = marker("announcement-body") };
        var delivery = new AnnouncementDelivery { AnnouncementId = announcement.Id, MemberId = member.Id, Error = marker("delivery") };
        db.AddRange(collective, member, token, erasure, announcement, delivery);
        await db.SaveChangesAsync();
        return
        [
            (typeof(Collective), collective.Id, collective.Name),
            (typeof(CollectiveMember), member.Id, member.Name),
            (typeof(CitizenToken), token.Id, token.Email),
            (typeof(CitizenErasure), erasure.Id, member.Name),
            (typeof(Announcement), announcement.Id, announcement.Subject),
            (typeof(AnnouncementDelivery), delivery.Id, delivery.Error!),
        ];
    }

    /// <summary>Collectives' meetings (a meeting, an answer, a mail) and micro-projects (a project, a volunteer).</summary>
    private static async Task<List<(Type Type, Guid Id, string Marker)>> MakeCollectiveActivitySamplesAsync(
        AppDbContext db, Func<string, string> marker, List<(Type Type, Guid Id, string Marker)> collectives)
    {
        var collectiveId = collectives.First(c => c.Type == typeof(Collective)).Id;
        var memberId = collectives.First(c => c.Type == typeof(CollectiveMember)).Id;
        var meeting = new TwinningCloud.Web.Features.Collectives.Meetings.CollectiveMeeting
        {
            CollectiveId = collectiveId, Title = marker("meeting"), Place = marker("meeting-place"), AgendaMarkdown = marker("agenda"),
            StartsAt = DateTimeOffset.UtcNow.AddDays(10), EndsAt = DateTimeOffset.UtcNow.AddDays(10).AddHours(2),
        };
        var rsvp = new TwinningCloud.Web.Features.Collectives.Meetings.MeetingRsvp { MeetingId = meeting.Id, MemberId = memberId, AnsweredAt = DateTimeOffset.UtcNow };
        var mail = new TwinningCloud.Web.Features.Collectives.Meetings.MeetingMail { MeetingId = meeting.Id, MemberId = memberId, Error = marker("meeting-mail"), RsvpHash = marker("rsvp-hash") };
        var project = new TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProject { CollectiveId = collectiveId, Title = marker("project"), Description = marker("project-description") };
        var volunteer = new TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProjectVolunteer { ProjectId = project.Id, MemberId = memberId };
        db.AddRange(meeting, rsvp, mail, project, volunteer);
        await db.SaveChangesAsync();
        return
        [
            (typeof(TwinningCloud.Web.Features.Collectives.Meetings.CollectiveMeeting), meeting.Id, meeting.Title),
            (typeof(TwinningCloud.Web.Features.Collectives.Meetings.MeetingRsvp), rsvp.Id, meeting.Place!),
            (typeof(TwinningCloud.Web.Features.Collectives.Meetings.MeetingMail), mail.Id, mail.Error!),
            (typeof(TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProject), project.Id, project.Title),
            (typeof(TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProjectVolunteer), volunteer.Id, project.Description!),
        ];
    }

    /// <summary>
    /// Partner matching: the town's partner search (tenant-owned, a draft) and a contact it sent (owned by the platform,
    /// it names both towns: here it goes from the town to itself, so that its id and message are the town's alone).
    /// </summary>
    private static async Task<List<(Type Type, Guid Id, string Marker)>> MakeMatchingSamplesAsync(AppDbContext db, Func<string, string> marker, Guid userId)
    {
        var tenantId = db.CurrentTenantId!.Value;
        var search = new TwinningCloud.Web.Features.Federations.Matching.PartnerSearch { TextFr = marker("search"), TextEn = marker("search-en"), SoughtCountries = ["MA"] };
        var federation = new TwinningCloud.Web.Features.Federations.Federation { Slug = marker("fed").ToLowerInvariant(), Name = marker("federation") };
        var contact = new TwinningCloud.Web.Features.Federations.Matching.PartnerContact
        {
            FederationId = federation.Id, FromTenantId = tenantId, ToTenantId = tenantId, FromUserId = userId, Message = marker("contact"),
        };
        db.AddRange(search, federation, contact);
        await db.SaveChangesAsync();
        return
        [
            (typeof(TwinningCloud.Web.Features.Federations.Matching.PartnerSearch), tenantId, search.TextFr),
            (typeof(TwinningCloud.Web.Features.Federations.Matching.PartnerContact), contact.Id, contact.Message),
        ];
    }

    /// <summary>
    /// A federation's event (platform-owned) with a delegate the town registered (tenant-owned). The town is an accepted
    /// member of that federation: the walk fills routes with the event's id (its town pages: Marseille, not a member, gets
    /// 404) and the delegate's name must never show.
    /// </summary>
    private static async Task<List<(Type Type, Guid Id, string Marker)>> MakeFederationEventSamplesAsync(AppDbContext db, Func<string, string> marker)
    {
        var federation = new TwinningCloud.Web.Features.Federations.Federation { Slug = marker("fed").ToLowerInvariant(), Name = marker("federation") };
        var ev = new TwinningCloud.Web.Features.Federations.Portal.Events.FederationEvent
        {
            FederationId = federation.Id, TitleFr = marker("event"), Place = marker("event-place"), IsPublished = true, RegistrationOpen = true,
            StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30), EndsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(31),
        };
        var member = new TwinningCloud.Web.Features.Federations.FederationMember
        {
            FederationId = federation.Id, TenantId = db.CurrentTenantId!.Value, Status = TwinningCloud.Web.Features.Federations.MemberStatus.Accepted,
        };
        var registered = new TwinningCloud.Web.Features.Federations.Portal.Events.EventDelegate { EventId = ev.Id, Name = marker("delegate"), Email = marker("delegate").ToLowerInvariant() + "@example.org" };
        db.AddRange(federation, ev, member, registered);
        await db.SaveChangesAsync();
        return [(typeof(TwinningCloud.Web.Features.Federations.Portal.Events.EventDelegate), ev.Id, registered.Name)];
    }

    /// <summary>
    /// Jobs are not tenant-owned (workers claim every tenant's), so the DbContext does not filter them and
    /// <see cref="Every_tenant_owned_entity_has_an_isolation_sample"/> does not ask for them: the walk fills
    /// routes with a job id (<c>{id:long}</c>) with the other tenant's jobs, in several states, and the
    /// platform's own jobs, whose labels and errors carry markers.
    /// </summary>
    private async Task<List<(long Id, string Marker)>> MakeJobSamplesAsync(Guid? tenantId, string prefix)
    {
        var samples = new List<(long, string)>();
        foreach (var state in new[] { JobState.Queued, JobState.Failed, JobState.Dead, JobState.Succeeded })
        {
            var label = $"{prefix}-job-{state}-{Guid.NewGuid():N}"[..(prefix.Length + 20)];
            var job = await Data.AddJobAsync(tenantId, label, state, lastError: state is JobState.Failed or JobState.Dead ? label + "-error" : null);
            samples.Add((job.Id, label));
        }
        return samples;
    }

    /// <summary>Route parameters that are not entity ids, with a value that exists in every tenant.</summary>
    private static readonly Dictionary<string, string> NonIdParameters = new()
    {
        ["token"] = "0123456789abcdef0123456789abcdef01234567", // the calendar feed: a wrong token is a 404 (and Bagnolet's never opens Marseille's)
    };

    private static readonly Type[] SampledTypes =
    [
        typeof(PartnerCity), typeof(CooperationDomain), typeof(Agreement), typeof(AgreementParty), typeof(AgreementDomain),
        typeof(AgreementEvent), typeof(AgreementDocument), typeof(TenantMembership), typeof(NetworkMembership), typeof(AuditEntry),
        typeof(ReminderSettings), typeof(ReminderRule), typeof(ReminderDelivery), typeof(ReminderRecipientDelivery), typeof(TwinningCloud.Web.Features.ApiClients.ApiClient),
        typeof(Collective), typeof(CollectiveMember), typeof(CitizenToken), typeof(CitizenErasure), typeof(Announcement), typeof(AnnouncementDelivery),
        .. CoordinationTypes,
        typeof(TwinningCloud.Web.Features.Collectives.Meetings.CollectiveMeeting), typeof(TwinningCloud.Web.Features.Collectives.Meetings.MeetingRsvp),
        typeof(TwinningCloud.Web.Features.Collectives.Meetings.MeetingMail), typeof(TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProject),
        typeof(TwinningCloud.Web.Features.Collectives.MicroProjects.MicroProjectVolunteer),
        typeof(TwinningCloud.Web.Features.Federations.Portal.Calls.FederationCallReminder),
        typeof(TwinningCloud.Web.Features.Federations.Matching.PartnerSearch), typeof(TwinningCloud.Web.Features.Federations.Matching.PartnerContact),
        typeof(TwinningCloud.Web.Features.Federations.Portal.Events.EventDelegate),
    ];

    [Fact]
    public void Every_tenant_owned_entity_has_an_isolation_sample()
    {
        using var scope = App.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<AppDbContext>().Model;
        var owned = model.GetEntityTypes().Select(e => e.ClrType).Where(t => typeof(ITenantOwned).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(owned);
        Assert.All(owned, t => Assert.True(SampledTypes.Contains(t), $"{t.Name} is tenant-owned: add an isolation sample for it in MakeSamplesAsync."));
    }

    [Fact]
    public async Task Every_tenant_endpoint_answers_404_to_another_tenants_ids_and_never_shows_its_data()
    {
        var marseille = await Data.CreateTenantAsync("marseille", modules: AllModules());
        var bagnolet = await Data.CreateTenantAsync("bagnolet", modules: AllModules());
        await Data.InTenantAsync(marseille, db => MakeSamplesAsync(db, "marseille-sample"));
        var foreign = await Data.InTenantAsync(bagnolet, db => MakeSamplesAsync(db, "bagnolet-secret"));
        Assert.Equal(SampledTypes.Order(TypeNameComparer.Instance), foreign.Select(f => f.Type).Order(TypeNameComparer.Instance));
        var foreignJobs = (await MakeJobSamplesAsync(bagnolet.Id, "bagnolet-secret")).Concat(await MakeJobSamplesAsync(null, "platform-secret")).ToList();
        var markers = foreign.Select(f => f.Marker).Concat(foreignJobs.Select(j => j.Marker)).Distinct().ToList();
        var foreignIds = foreign.Select(f => f.Id.ToString()).Distinct().ToList();
        // Readable addresses (/partner-cities/{key}: a slug, or an old id) are walked with Bagnolet's slugs as well as its ids.
        var foreignSlugs = await Data.InTenantAsync(bagnolet, db => db.Set<PartnerCity>().Select(c => c.Slug!).ToListAsync());
        Assert.NotEmpty(foreignSlugs);
        var foreignJobIds = foreignJobs.Select(j => j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        using var anonymous = App.CreateClient();
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        using var admin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await admin.SignInAsync("/marseille", "admin@marseille.fr"));
        var callers = new[]
        {
            ("anonymous", anonymous, await AntiforgeryFieldsAsync(anonymous, "/sign-in")),
            ("Marseille's admin", admin, await AntiforgeryFieldsAsync(admin, "/marseille/account")),
        };

        var checkedRequests = 0;
        var parameterised = 0;
        var failures = new List<string>();
        foreach (var endpoint in TenantEndpoints())
        {
            var template = endpoint.RoutePattern.RawText!;
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var unknown = parameters.Where(p => !IsIdParameter(endpoint, p) && !NonIdParameters.ContainsKey(p)).ToList();
            Assert.True(unknown.Count == 0, $"Route '{template}' has parameters the isolation test cannot fill: {string.Join(", ", unknown)}. Add them to NonIdParameters.");
            var urls = parameters.Count == 0
                ? [Fill(template, _ => "")]
                : (IsJobRoute(endpoint) ? foreignJobIds : parameters.Contains(SlugParameter) ? foreignIds.Concat(foreignSlugs) : foreignIds).Select(id => Fill(template, p => IsIdParameter(endpoint, p) ? id : NonIdParameters[p])).ToList();
            if (parameters.Count > 0)
            {
                parameterised++;
            }
            foreach (var method in MethodsOf(endpoint))
            {
                foreach (var (who, client, tokens) in callers)
                {
                    foreach (var url in urls)
                    {
                        var response = await SendAsync(client, method, "/marseille" + url, tokens);
                        checkedRequests++;
                        var body = await response.Content.ReadAsStringAsync();
                        // Anonymous callers may be refused before any lookup (sign-in first); a signed-in town
                        // admin must get 404 (405 for a method the page does not take), never a 403 that says "it exists".
                        var acceptable = who == "anonymous"
                            ? response.StatusCode == HttpStatusCode.NotFound || IsRefusalWithoutData(response)
                            : response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed;
                        if (parameters.Count > 0 && !acceptable)
                        {
                            failures.Add($"{who} {method} /marseille{url} answered {(int)response.StatusCode}, expected 404");
                        }
                        if (markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) is { } leaked)
                        {
                            failures.Add($"{who} {method} /marseille{url} showed Bagnolet's data ({leaked})");
                        }
                    }
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(parameterised >= 1, "the walk met no route with an id: it would prove nothing");
        Assert.True(checkedRequests >= 5, $"only {checkedRequests} requests were checked");

        // The same ids are real: Bagnolet itself sees its partner city, so a leak would have shown.
        var (_, cityId, cityName) = foreign.First(f => f.Type == typeof(PartnerCity));
        var own = await anonymous.GetAsync($"/bagnolet/partner-cities/{foreignSlugs.Single()}");
        AssertStatus(HttpStatusCode.OK, own);
        Assert.Contains(cityName, await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Data.CreateStaffAsync(bagnolet, "admin@bagnolet.fr", Roles.TenantAdmin);
        using var bagnoletAdmin = App.CreateClient();
        AssertStatus(HttpStatusCode.Redirect, await bagnoletAdmin.SignInAsync("/bagnolet", "admin@bagnolet.fr"));
        var ownJob = await bagnoletAdmin.GetAsync($"/bagnolet/admin/jobs/{foreignJobs[0].Id}");
        AssertStatus(HttpStatusCode.OK, ownJob);
        Assert.Contains(foreignJobs[0].Marker, await ownJob.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string[] AllModules() =>
        typeof(TwinningCloud.Web.Platform.Modules.ModuleKeys).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

    private IEnumerable<RouteEndpoint> TenantEndpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => EndpointScopeExtensions.ScopeOf(e) == EndpointScope.Tenant)
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal);

    private static bool IsIdParameter(RouteEndpoint endpoint, string name) =>
        name == SlugParameter
        || (endpoint.RoutePattern.ParameterPolicies.TryGetValue(name, out var policies)
            && policies.Any(p => p.Content is "guid" or "long"));

    /// <summary>A readable address segment (a slug, or an old id that redirects to it).</summary>
    private const string SlugParameter = "key";

    /// <summary>A route whose id is a job's (<c>{id:long}</c>): filled with job ids rather than entity ids.</summary>
    private static bool IsJobRoute(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.ParameterPolicies.Values.Any(policies => policies.Any(p => p.Content == "long"));

    private static IEnumerable<HttpMethod> MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 } declared
            ? declared.HttpMethods.Select(m => new HttpMethod(m))
            : [HttpMethod.Get, HttpMethod.Post]; // Razor Pages: every page answers GET and may have POST handlers

    private static string Fill(string template, Func<string, string> valueOf)
    {
        var path = RouteParameter().Replace(template, m => valueOf(m.Groups["name"].Value));
        return "/" + path.TrimStart('/');
    }

    /// <summary>
    /// A request refused before reaching any data: a staff-only route asks an anonymous caller to sign in
    /// (401, or a redirect to the sign-in page), whatever the id, so the answer tells nothing; an unsafe
    /// request may also be refused for a bad form (redirect, 405).
    /// </summary>
    private static bool IsRefusalWithoutData(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/sign-in?", StringComparison.Ordinal) == true)
        || (response.RequestMessage!.Method != HttpMethod.Get && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MethodNotAllowed);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, IReadOnlyList<KeyValuePair<string, string>> antiforgery)
    {
        var request = new HttpRequestMessage(method, url);
        if (method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Content = new FormUrlEncodedContent(antiforgery);
        }
        return await client.SendAsync(request);
    }

    /// <summary>A valid antiforgery field for this client (tokens are bound to the client's cookie, not to a page).</summary>
    private static async Task<IReadOnlyList<KeyValuePair<string, string>>> AntiforgeryFieldsAsync(HttpClient client, string pageWithForm)
    {
        var page = await client.GetPageAsync(pageWithForm);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return [new("__RequestVerificationToken", token)];
    }

    private sealed class TypeNameComparer : IComparer<Type>
    {
        public static readonly TypeNameComparer Instance = new();

        public int Compare(Type? x, Type? y) => string.CompareOrdinal(x?.Name, y?.Name);
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)(:[^}=?]+)*(=[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
