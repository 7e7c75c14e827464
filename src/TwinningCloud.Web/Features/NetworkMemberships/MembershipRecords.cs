using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.ImportExport;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.NetworkMemberships;

/// <summary>
/// Network memberships in the town's files (<c>memberships.csv</c>, <c>memberships</c>): matched by the network's key in the
/// platform's catalogue, checked and written by <see cref="NetworkMembershipEditor"/>, as the form and the API do.
/// </summary>
public sealed class MembershipRecords : RecordKind
{
    public override string Key => "membership";
    public override string FileName => "memberships";
    public override string Section => "memberships";
    public override string IdentifyingColumn => "network";

    public override IReadOnlyList<string> Columns { get; } =
        ["network", "role", "since_year", "annual_fee", "currency", "renewal_on", "contact_name", "contact_email", "working_groups", "notes", "public"];

    public override IReadOnlySet<string> NumberColumns { get; } = new HashSet<string>(StringComparer.Ordinal) { "since_year", "annual_fee" };

    public override string Column(string field) => field == "NetworkId" ? "network" : base.Column(field);

    public override async Task<IReadOnlyList<ExportRow>> ExportAsync(IServiceProvider services, CancellationToken ct) =>
        (await services.GetRequiredService<AppDbContext>().Set<NetworkMembership>().AsNoTracking().Include(m => m.Network).ToListAsync(ct))
        .OrderBy(m => m.Network!.Key, StringComparer.Ordinal)
        .Select(m => new ExportRow(new Dictionary<string, string?>
        {
            ["network"] = m.Network!.Key, ["role"] = ImportFormat.Slug(m.Role), ["since_year"] = m.SinceYear?.ToString(CultureInfo.InvariantCulture),
            ["annual_fee"] = m.AnnualFee?.ToString(CultureInfo.InvariantCulture), ["currency"] = m.Currency,
            ["renewal_on"] = m.RenewalOn is { } r ? ImportFormat.FormatDate(r) : null, ["contact_name"] = m.ContactName,
            ["contact_email"] = m.ContactEmail, ["working_groups"] = m.WorkingGroups, ["notes"] = m.Notes, ["public"] = m.IsPublic ? "true" : "false",
        })).ToList();

    public override async Task PlanAsync(ImportPlan plan, IReadOnlyList<ImportRecord> records, CancellationToken ct)
    {
        var db = plan.Services.GetRequiredService<AppDbContext>();
        var editor = plan.Services.GetRequiredService<NetworkMembershipEditor>();
        var tenant = plan.Services.GetRequiredService<TenantContext>().Required;
        var networks = await db.Set<Network>().AsNoTracking().ToDictionaryAsync(n => n.Key, StringComparer.OrdinalIgnoreCase, ct);
        var index = (await db.Set<NetworkMembership>().ToListAsync(ct)).ToDictionary(m => m.NetworkId);
        var seen = new HashSet<Guid>();
        foreach (var record in records)
        {
            var errorsBefore = plan.ErrorCount;
            var f = plan.Cells(record);
            var key = f.Text("network");
            Network? network = null;
            if (key is not null && !networks.TryGetValue(key.Trim(), out network))
            {
                f.Fail("network", "importexport.error.unknown-network", key); // the file's key: the import's own matter, as a partner not found
            }
            var input = new MembershipInput(
                network?.Id, f.IntNumber("since_year"), f.Enum<MembershipRole>("role", MembershipRole.Member)?.ToString(), f.DecimalNumber("annual_fee"),
                f.Text("currency") ?? "EUR", f.Date("renewal_on"), f.Text("contact_name"), f.Text("contact_email"), f.Text("working_groups"),
                f.Text("notes"), f.Bool("public", true));
            var existing = index.GetValueOrDefault(network?.Id ?? Guid.Empty);
            var errors = new Dictionary<string, string>();
            await editor.ValidateAsync(existing?.Id, input, errors, ct);
            if (plan.Refused(f, record, errors) || plan.ErrorCount > errorsBefore)
            {
                continue;
            }
            if (!seen.Add(network!.Id))
            {
                f.Fail("network", "importexport.error.duplicate", key);
                continue;
            }
            var membership = existing ?? new NetworkMembership { TenantId = tenant.Id, NetworkId = network.Id };
            NetworkMembershipEditor.Apply(membership, input);
            if (existing is null)
            {
                db.Add(membership);
            }
            plan.Planned(record, network.Acronym, membership, existing is null);
        }
    }
}
