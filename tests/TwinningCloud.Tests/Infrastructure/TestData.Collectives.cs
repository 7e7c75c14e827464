using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Platform.Modules;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Infrastructure;

public sealed partial class TestData
{
    public Task<TenantInfo> CreateCollectivesTownAsync(string slug = "bagnolet", string culture = "fr") =>
        CreateTenantAsync(slug, modules: [ModuleKeys.Agreements, ModuleKeys.Collectives], culture: culture);

    public Task<Collective> AddCollectiveAsync(
        TenantInfo tenant, string name, SignUpMode mode = SignUpMode.Open, int? capacity = null,
        AskedFields asked = AskedFields.Neighbourhood | AskedFields.HowToHelp, Guid? cityId = null, string? nameOther = null) =>
        InTenantAsync(tenant, async db =>
        {
            var c = new Collective { Name = name, NameOther = nameOther, SignUpMode = mode, Capacity = capacity, AskedFields = asked, PartnerCityId = cityId, Description = "Description de " + name };
            db.Add(c);
            await db.SaveChangesAsync();
            return c;
        });

    public Task<CollectiveMember> AddCollectiveMemberAsync(
        TenantInfo tenant, Guid collectiveId, string email, string name, MemberStatus status = MemberStatus.Member, string language = "fr", DateTimeOffset? since = null) =>
        InTenantAsync(tenant, async db =>
        {
            var m = new CollectiveMember
            {
                CollectiveId = collectiveId, Email = email, Name = name, Status = status, Language = language,
                ConsentText = "J'accepte.", ConsentVersion = "test", ConsentedAt = DateTimeOffset.UtcNow, StatusSince = since ?? DateTimeOffset.UtcNow,
            };
            db.Add(m);
            await db.SaveChangesAsync();
            return m;
        });

    /// <summary>A confirmation link's secret for an unconfirmed member, as the confirmation mail would carry it.</summary>
    public Task<string> IssueConfirmLinkAsync(TenantInfo tenant, Guid memberId, string email) =>
        services.GetRequiredService<IServiceScopeFactory>().RunInTenantAsync(tenant, async sp =>
        {
            var secret = sp.GetRequiredService<CitizenTokens>().Issue(CitizenTokenPurpose.Confirm, email, memberId);
            await sp.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>().SaveChangesAsync();
            return secret;
        });

    public Task<List<CollectiveMember>> CollectiveMembersAsync(TenantInfo tenant, Guid collectiveId) =>
        InTenantAsync(tenant, db => db.Set<CollectiveMember>().AsNoTracking().Where(m => m.CollectiveId == collectiveId).ToListAsync());

    /// <summary>Every text-like cell of every table of the database (all schemas) that contains <paramref name="needle"/>: "schema.table.column".</summary>
    public static async Task<List<string>> CellsContainingAsync(string connectionString, string needle)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }
        Assert.True(columns.Count > 50, $"only {columns.Count} text columns found: the scan would prove little");
        var found = new List<string>();
        foreach (var (schema, table, column, type) in columns)
        {
            var value = type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"\"{column}\"::text";
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE {value} ILIKE @p", connection);
            command.Parameters.AddWithValue("p", "%" + needle + "%");
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                found.Add($"{schema}.{table}.{column}");
            }
        }
        return found;
    }
}
