using System.IO.Compression;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>
/// The town archive (format <see cref="Format"/>, version <see cref="Version"/>; documented in
/// <c>Features/Lifecycle/README.md</c>): a ZIP with <c>manifest.json</c> (the town, its people, the tables and
/// their row counts), <c>tables/{table}.json</c> (every row of the town, one JSON object per row, keys are the columns)
/// and <c>documents/{table}/{n}</c> (the uploaded files, referenced from their row as <c>{"file": "documents/…"}</c>).
/// Which tables: every table of the EF model with a column that refers to the town (its <c>tenant_id</c>, or a foreign
/// key to <c>tenants</c>), read from the model, so that a table added later is exported without anyone remembering to.
/// </summary>
public static class TownArchive
{
    public const string Format = "twinningcloud-town";
    public const int Version = 1;
    public const string ManifestEntry = "manifest.json";

    /// <summary>Operational tables, or secrets that cannot move: never exported.</summary>
    public static readonly IReadOnlySet<string> NotExported = new HashSet<string>(StringComparer.Ordinal)
    {
        "tenants", // the town itself: in the manifest
        "jobs", "tenant_exports", "tenant_deletions", "outbox_emails",
        "api_clients", // credentials: registered again on the new instance
    };

    /// <summary>Exported (they are the town's records) but not imported: they name other parties (federations, other towns) or this instance's host names.</summary>
    public static readonly IReadOnlySet<string> NotImported = new HashSet<string>(StringComparer.Ordinal)
    {
        "tenant_hosts", "partner_contacts", "federation_members", "federation_onboardings",
        "federation_call_reminders", "federation_event_delegates",
    };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable UTF-8 ("Gênes"): a download, never embedded in HTML
    };

    /// <summary><see cref="Json"/>, indented: the archive's manifest, read by people.</summary>
    public static readonly JsonSerializerOptions IndentedJson = new(Json) { WriteIndented = true };

    /// <summary>A table of the town: its entity type and the columns that hold the town's id.</summary>
    public sealed record TownTable(IEntityType Entity, string Table, IReadOnlyList<IProperty> TownColumns);

    /// <summary>Every table of the model whose rows belong to a town (or name one), in an order where principals come before dependents.</summary>
    public static IReadOnlyList<TownTable> TablesOf(IModel model)
    {
        var tables = new List<TownTable>();
        foreach (var entity in model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null && e.ClrType != typeof(Tenant)))
        {
            var columns = entity.GetForeignKeys().Where(fk => fk.PrincipalEntityType.ClrType == typeof(Tenant)).SelectMany(fk => fk.Properties)
                .Concat(entity.GetProperties().Where(p => p.Name == "TenantId"))
                .Distinct()
                .ToList();
            if (columns.Count > 0)
            {
                tables.Add(new TownTable(entity, entity.GetTableName()!, columns));
            }
        }
        return Sorted(tables);
    }

    /// <summary>Principals first (a table is placed after every town table it has a foreign key to).</summary>
    private static List<TownTable> Sorted(List<TownTable> tables)
    {
        var byTable = tables.ToDictionary(t => t.Table, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var sorted = new List<TownTable>();
        void Visit(TownTable t, HashSet<string> path)
        {
            if (done.Contains(t.Table) || !path.Add(t.Table))
            {
                return;
            }
            foreach (var fk in t.Entity.GetForeignKeys())
            {
                if (fk.PrincipalEntityType.GetTableName() is { } principal && principal != t.Table && byTable.TryGetValue(principal, out var p))
                {
                    Visit(p, path);
                }
            }
            done.Add(t.Table);
            sorted.Add(t);
        }
        foreach (var t in tables.OrderBy(t => t.Table, StringComparer.Ordinal))
        {
            Visit(t, []);
        }
        return sorted;
    }

    /// <summary>The column name of a property in its table.</summary>
    public static string ColumnOf(IProperty property) =>
        property.GetColumnName(StoreObjectIdentifier.Table(property.DeclaringType.ContainingEntityType.GetTableName()!, null)) ?? property.Name;

    /// <summary>How many rows of <paramref name="table"/> name <paramref name="tenantId"/> (query filters off).</summary>
    public static Task<int> CountAsync(DbContext db, TownTable table, Guid tenantId, CancellationToken ct) =>
        (Task<int>)Generic(nameof(CountOfType), table).Invoke(null, [db, table.TownColumns, tenantId, ct])!;

    /// <summary>The rows of <paramref name="table"/> that name <paramref name="tenantId"/>, tracked (shadow values readable), query filters off.</summary>
    public static IAsyncEnumerable<object> RowsAsync(DbContext db, TownTable table, Guid tenantId) =>
        (IAsyncEnumerable<object>)Generic(nameof(RowsOfType), table).Invoke(null, [db, table.TownColumns, tenantId])!;

    private static System.Reflection.MethodInfo Generic(string name, TownTable table) =>
        typeof(TownArchive).GetMethod(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(table.Entity.ClrType);

    private static Task<int> CountOfType<T>(DbContext db, IReadOnlyList<IProperty> columns, Guid tenantId, CancellationToken ct) where T : class =>
        Query<T>(db, columns, tenantId).CountAsync(ct);

    private static IAsyncEnumerable<object> RowsOfType<T>(DbContext db, IReadOnlyList<IProperty> columns, Guid tenantId) where T : class =>
        Query<T>(db, columns, tenantId).AsTracking().AsAsyncEnumerable();

    private static IQueryable<T> Query<T>(DbContext db, IReadOnlyList<IProperty> columns, Guid tenantId) where T : class
    {
        var e = Expression.Parameter(typeof(T), "e");
        Expression? predicate = null;
        foreach (var column in columns)
        {
            var value = Expression.Call(typeof(EF), nameof(EF.Property), [column.ClrType], e, Expression.Constant(column.Name));
            var test = Expression.Equal(Expression.Convert(value, typeof(Guid?)), Expression.Constant(tenantId, typeof(Guid?)));
            predicate = predicate is null ? test : Expression.OrElse(predicate, test);
        }
        return db.Set<T>().IgnoreQueryFilters().Where(Expression.Lambda<Func<T, bool>>(predicate!, e));
    }
}

/// <summary>The archive's manifest.</summary>
public sealed record ArchiveManifest(
    string Format,
    int Version,
    DateTimeOffset ExportedAt,
    string? Schema,
    ArchiveTown Town,
    IReadOnlyList<ArchivePerson> People,
    IReadOnlyList<ArchiveNetwork> Networks,
    IReadOnlyList<ArchiveTable> Tables);

public sealed record ArchiveTown(
    Guid Id, string Slug, string DisplayName, string DefaultCulture, string TimeZoneId, string BrandColor,
    double? Latitude, double? Longitude, bool InPreparation, DateTimeOffset? PublishedAt, DateTimeOffset CreatedAt,
    string? LogoFile, string? LogoContentType);

/// <summary>A member of the town's team (no password: on the new instance they choose one with "forgot password").</summary>
public sealed record ArchivePerson(Guid Id, string Email, string DisplayName, string? PreferredCulture);

/// <summary>A network of the catalogue the town's memberships refer to (matched by key on import).</summary>
public sealed record ArchiveNetwork(Guid Id, string Key);

public sealed record ArchiveTable(string Name, string File, int Rows);

/// <summary>Writes a town's archive (all its rows and documents) to a stream, reporting progress.</summary>
public sealed class TownArchiveWriter(Web.Platform.Persistence.AppDbContext db, TimeProvider clock)
{
    /// <summary>Writes the archive of <paramref name="tenantId"/>; <paramref name="progress"/> gets 0–100.</summary>
    public async Task WriteAsync(Guid tenantId, Stream output, Func<int, Task>? progress, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct);
        var tables = TownArchive.TablesOf(db.Model).Where(t => !TownArchive.NotExported.Contains(t.Table)).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table.Table] = await TownArchive.CountAsync(db, table, tenantId, ct);
        }
        var total = Math.Max(1, counts.Values.Sum());
        var written = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var listed = new List<ArchiveTable>();
        foreach (var table in tables)
        {
            var file = $"tables/{table.Table}.json";
            var rows = 0;
            // The table's JSON is written to memory first: a ZIP has one entry open at a time, and documents are entries of their own.
            using var tableJson = new MemoryStream();
            await using (var json = new Utf8JsonWriter(tableJson, new JsonWriterOptions { Indented = true, Encoder = TownArchive.Json.Encoder }))
            {
                json.WriteStartArray();
                var properties = table.Entity.GetProperties().ToList();
                await foreach (var row in TownArchive.RowsAsync(db, table, tenantId).WithCancellation(ct))
                {
                    var entry = db.Entry(row);
                    json.WriteStartObject();
                    foreach (var property in properties)
                    {
                        json.WritePropertyName(TownArchive.ColumnOf(property));
                        var value = entry.Property(property.Name).CurrentValue;
                        if (value is byte[] bytes)
                        {
                            var name = $"documents/{table.Table}/{rows + 1:D6}-{TownArchive.ColumnOf(property)}";
                            await using (var document = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(ct))
                            {
                                await document.WriteAsync(bytes, ct);
                            }
                            json.WriteStartObject();
                            json.WriteString("file", name);
                            json.WriteEndObject();
                        }
                        else
                        {
                            JsonSerializer.Serialize(json, value, property.ClrType, TownArchive.Json);
                        }
                    }
                    json.WriteEndObject();
                    entry.State = EntityState.Detached;
                    rows++;
                    written++;
                    if (progress is not null && written % 200 == 0)
                    {
                        await progress(Math.Min(99, written * 100 / total));
                    }
                }
                json.WriteEndArray();
            }
            tableJson.Position = 0;
            await using (var stream = await zip.CreateEntry(file, CompressionLevel.Optimal).OpenAsync(ct))
            {
                await tableJson.CopyToAsync(stream, ct);
            }
            listed.Add(new ArchiveTable(table.Table, file, rows));
            if (progress is not null)
            {
                await progress(Math.Min(99, written * 100 / total));
            }
        }
        string? logoFile = null;
        if (tenant.LogoContent is { Length: > 0 } logo)
        {
            logoFile = "documents/tenants/logo";
            await using var stream = await zip.CreateEntry(logoFile, CompressionLevel.Fastest).OpenAsync(ct);
            await stream.WriteAsync(logo, ct);
        }
        var people = await (from m in db.Set<TenantMembership>().IgnoreQueryFilters()
                            where m.TenantId == tenantId
                            join u in db.Users on m.UserId equals u.Id
                            orderby u.Email
                            select new ArchivePerson(u.Id, u.Email!, u.DisplayName, u.PreferredCulture)).ToListAsync(ct);
        var networkIds = await db.Set<TwinningCloud.Web.Features.NetworkMemberships.NetworkMembership>().IgnoreQueryFilters().Where(m => m.TenantId == tenantId).Select(m => m.NetworkId).Distinct().ToListAsync(ct);
        var networks = await db.Set<TwinningCloud.Web.Features.NetworkMemberships.Network>().Where(n => networkIds.Contains(n.Id)).OrderBy(n => n.Key).Select(n => new ArchiveNetwork(n.Id, n.Key)).ToListAsync(ct);
        var manifest = new ArchiveManifest(
            TownArchive.Format, TownArchive.Version, clock.GetUtcNow(), db.Database.GetMigrations().LastOrDefault(),
            new ArchiveTown(tenant.Id, tenant.Slug, tenant.DisplayName, tenant.DefaultCulture, tenant.TimeZoneId, tenant.BrandColor,
                tenant.Latitude, tenant.Longitude, tenant.InPreparation, tenant.PublishedAt, tenant.CreatedAt, logoFile, tenant.LogoContentType),
            people, networks, listed);
        await using (var stream = await zip.CreateEntry(TownArchive.ManifestEntry, CompressionLevel.Optimal).OpenAsync(ct))
        {
            await JsonSerializer.SerializeAsync(stream, manifest, TownArchive.IndentedJson, ct);
        }
    }
}
