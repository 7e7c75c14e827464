using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// One statement that adds a "planned" delivery row per recipient of a collective (confirmed members who did not
/// unsubscribe): <c>INSERT … SELECT</c> from <c>collective_members</c>, ids made by the database, rows that exist
/// already left alone. 5,000 members are one round trip instead of 5,000 tracked entities.
/// </summary>
public static class RecipientRows
{
    /// <summary>A new random id in the provider's own format (PostgreSQL uuid; SQLite: EF's upper-case text).</summary>
    private static string NewId(AppDbContext db) => db.Database.IsNpgsql()
        ? "gen_random_uuid()"
        : "(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))";

    /// <summary>
    /// Inserts into <paramref name="table"/> (tenant_id, id, <paramref name="parentColumn"/>, member_id, state
    /// and <paramref name="extraColumns"/>) one row per recipient of <paramref name="collectiveId"/>. The constant
    /// SQL fragments come from callers in this module only; every value is a parameter ({0} tenant, {1} collective,
    /// {2} parent; then <paramref name="extraValues"/> as {3}…).
    /// </summary>
    public static Task<int> InsertAsync(
        AppDbContext db, string table, string parentColumn, Guid collectiveId, Guid parentId, CancellationToken ct,
        string extraColumns = "", string extraSelect = "", string extraWhere = "", params object[] extraValues)
    {
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Recipient rows are made inside a tenant's work.");
        var insert = db.Database.IsNpgsql() ? "INSERT INTO" : "INSERT OR IGNORE INTO";
        var conflict = db.Database.IsNpgsql() ? " ON CONFLICT DO NOTHING" : "";
        var sql = $$"""
            {{insert}} {{table}} (tenant_id, id, {{parentColumn}}, member_id, state{{extraColumns}})
            SELECT m.tenant_id, {{NewId(db)}}, {2}, m.id, 'Planned'{{extraSelect}}
            FROM collective_members m
            WHERE m.tenant_id = {0} AND m.collective_id = {1} AND m.status = 'Member' AND NOT m.unsubscribed{{extraWhere}}
            ORDER BY m.id{{conflict}}
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [tenantId, collectiveId, parentId, .. extraValues], ct);
    }
}
