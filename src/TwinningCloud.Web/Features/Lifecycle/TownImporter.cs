using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Lifecycle;

/// <summary>What an import made: the new town, rows per table, and rows left out (with why).</summary>
public sealed record ImportResult(Guid TenantId, string Slug, IReadOnlyDictionary<string, int> Rows, IReadOnlyList<string> LeftOut);

/// <summary>An archive that cannot be imported (not an archive of this format, a newer version, a slug taken…): the message is a text key.</summary>
public sealed class ArchiveRejectedException(string textKey, string detail) : Exception(detail)
{
    public string TextKey { get; } = textKey;
}

/// <summary>
/// Imports a town archive (<see cref="TownArchive"/>) as a NEW town: every id of the archive's rows gets a new value (the
/// same new value wherever it is referred to), the people of the team are matched by email with this instance's accounts
/// (or get an account without password), the networks by their key. All or nothing: one transaction.
/// </summary>
public sealed class TownImporter(TenantCatalog catalog, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>At most this many rows in one archive (the import holds them in memory).</summary>
    public const int MaxRows = 500_000;

    public async Task<ImportResult> ImportAsync(Stream archive, string slug, string? displayName, CancellationToken ct)
    {
        using var zip = OpenZip(archive);
        var manifest = ReadManifest(zip);
        // One scope whose tenant is the new town (known before it is saved): its rows are stamped and checked like any save.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        slug = slug.Trim().ToLowerInvariant();
        if (!TenantSlug.IsAllowed(slug))
        {
            throw new ArchiveRejectedException("lifecycle.import.error.slug", $"'{slug}' is not an allowed town address.");
        }
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, ct))
        {
            throw new ArchiveRejectedException("lifecycle.import.error.slug-taken", $"A town already has the address '{slug}'.");
        }

        // 1. Every table's rows, and a new id for every id the archive's rows are keyed by.
        var tables = TownArchive.TablesOf(db.Model).ToDictionary(t => t.Table, StringComparer.Ordinal);
        var rowsByTable = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        var newIds = new Dictionary<Guid, Guid>();
        var totalRows = 0;
        foreach (var listed in manifest.Tables)
        {
            if (!tables.TryGetValue(listed.Name, out var table) || TownArchive.NotImported.Contains(listed.Name) || TownArchive.NotExported.Contains(listed.Name))
            {
                continue;
            }
            var rows = ReadJson<List<JsonElement>>(zip, listed.File);
            totalRows += rows.Count;
            if (totalRows > MaxRows)
            {
                throw new ArchiveRejectedException("lifecycle.import.error.too-large", $"The archive has more than {MaxRows} rows.");
            }
            rowsByTable[listed.Name] = rows;
            foreach (var key in table.Entity.FindPrimaryKey()!.Properties.Where(p => p.ClrType == typeof(Guid) && !table.TownColumns.Contains(p)))
            {
                var column = TownArchive.ColumnOf(key);
                if (!table.Entity.GetForeignKeys().Any(fk => fk.Properties.Contains(key)))
                {
                    foreach (var row in rows)
                    {
                        if (row.TryGetProperty(column, out var v) && v.TryGetGuid(out var id))
                        {
                            newIds.TryAdd(id, Guid.CreateVersion7());
                        }
                    }
                }
            }
        }

        // 2. The town, its people and the networks of this instance.
        var town = manifest.Town;
        var now = clock.GetUtcNow();
        var tenant = new Tenant
        {
            Slug = slug,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? town.DisplayName : displayName.Trim(),
            DefaultCulture = town.DefaultCulture, TimeZoneId = town.TimeZoneId, BrandColor = town.BrandColor,
            Latitude = town.Latitude, Longitude = town.Longitude, InPreparation = town.InPreparation, PublishedAt = town.PublishedAt,
            CreatedAt = now, UpdatedAt = now,
            LogoContent = town.LogoFile is null ? null : ReadBytes(zip, town.LogoFile), LogoContentType = town.LogoContentType,
        };
        newIds[town.Id] = tenant.Id;
        var people = new Dictionary<Guid, Guid>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        foreach (var person in manifest.People)
        {
            var user = await users.FindByEmailAsync(person.Email);
            if (user is null)
            {
                user = new AppUser { UserName = person.Email, Email = person.Email, DisplayName = person.DisplayName, PreferredCulture = person.PreferredCulture };
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    throw new ArchiveRejectedException("lifecycle.import.error.person", $"The account of {person.Email} could not be created: {string.Join("; ", created.Errors.Select(e => e.Code))}");
                }
            }
            people[person.Id] = user.Id;
        }
        var networkKeys = manifest.Networks.ToDictionary(n => n.Id, n => n.Key);
        var networks = await db.Set<TwinningCloud.Web.Features.NetworkMemberships.Network>().ToDictionaryAsync(n => n.Key, n => n.Id, StringComparer.Ordinal, ct);

        // 3. The rows, without new audit entries (the archive carries the town's audit trail as it was).
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(TenantInfo.From(tenant));
        db.RecordsAudit = false;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var leftOut = new List<string>();
        var mapper = new IdMapper(newIds, people, networkKeys, networks, tenant.Id);
        foreach (var (name, rows) in rowsByTable)
        {
            var table = tables[name];
            var added = 0;
            foreach (var row in rows)
            {
                var entity = Activator.CreateInstance(table.Entity.ClrType)!;
                var shadow = new List<(IProperty Property, object? Value)>();
                string? problem = null;
                foreach (var property in table.Entity.GetProperties())
                {
                    if (!row.TryGetProperty(TownArchive.ColumnOf(property), out var json))
                    {
                        continue;
                    }
                    var (ok, value) = mapper.Read(table.Entity, property, json, zip);
                    if (!ok)
                    {
                        problem = $"{name}: a row refers to something that is not on this instance ({TownArchive.ColumnOf(property)})";
                        break;
                    }
                    if (property.PropertyInfo is { CanWrite: true } info)
                    {
                        info.SetValue(entity, value);
                    }
                    else if (property.FieldInfo is { } field)
                    {
                        field.SetValue(entity, value);
                    }
                    else
                    {
                        shadow.Add((property, value));
                    }
                }
                if (problem is not null)
                {
                    leftOut.Add(problem);
                    continue;
                }
                var entry = db.Add(entity);
                foreach (var (property, value) in shadow)
                {
                    entry.Property(property.Name).CurrentValue = value;
                }
                added++;
            }
            counts[name] = added;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        catalog.Invalidate();
        return new ImportResult(tenant.Id, tenant.Slug, counts, leftOut.Distinct().ToList());
    }

    private static ZipArchive OpenZip(Stream archive)
    {
        try
        {
            return new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveRejectedException("lifecycle.import.error.not-archive", "Not a ZIP file: " + e.Message);
        }
    }

    public static ArchiveManifest ReadManifest(ZipArchive zip)
    {
        ArchiveManifest? manifest;
        try
        {
            manifest = ReadJson<ArchiveManifest>(zip, TownArchive.ManifestEntry);
        }
        catch (Exception e) when (e is JsonException or ArchiveRejectedException or NotSupportedException)
        {
            throw new ArchiveRejectedException("lifecycle.import.error.not-archive", "No readable manifest: " + e.Message);
        }
        if (manifest.Format != TownArchive.Format)
        {
            throw new ArchiveRejectedException("lifecycle.import.error.not-archive", $"Format '{manifest.Format}' is not '{TownArchive.Format}'.");
        }
        if (manifest.Version > TownArchive.Version)
        {
            throw new ArchiveRejectedException("lifecycle.import.error.version", $"Version {manifest.Version} is newer than this instance reads ({TownArchive.Version}).");
        }
        return manifest;
    }

    private static T ReadJson<T>(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new ArchiveRejectedException("lifecycle.import.error.not-archive", $"The archive has no '{name}'.");
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<T>(stream, TownArchive.Json) ?? throw new ArchiveRejectedException("lifecycle.import.error.not-archive", $"'{name}' is empty.");
    }

    internal static byte[] ReadBytes(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new ArchiveRejectedException("lifecycle.import.error.not-archive", $"The archive has no '{name}'.");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Turns an archived value into this instance's: ids renewed, people and networks matched, files read.</summary>
    private sealed class IdMapper(
        Dictionary<Guid, Guid> newIds, Dictionary<Guid, Guid> people, Dictionary<Guid, string> networkKeys, Dictionary<string, Guid> networks, Guid tenantId)
    {
        /// <summary>(false, _) when the row refers to something required that this instance does not have.</summary>
        public (bool Ok, object? Value) Read(IEntityType entity, IProperty property, JsonElement json, ZipArchive zip)
        {
            if (property.ClrType == typeof(byte[]))
            {
                return (true, json.ValueKind == JsonValueKind.Object && json.TryGetProperty("file", out var file) ? ReadBytes(zip, file.GetString()!) : null);
            }
            var value = json.Deserialize(property.ClrType, TownArchive.Json);
            if (property.Name == "TenantId" || entity.GetForeignKeys().Any(fk => fk.Properties.Contains(property) && fk.PrincipalEntityType.ClrType == typeof(Tenant)))
            {
                return (true, value is Guid ? tenantId : value);
            }
            var foreignKey = entity.GetForeignKeys().FirstOrDefault(fk => fk.Properties.Contains(property));
            switch (value)
            {
                case Guid id:
                    return MapOne(id, foreignKey, property.IsNullable);
                case List<Guid> list:
                    return (true, list.Select(g => Known(g) ?? g).ToList());
                case Guid[] array:
                    return (true, array.Select(g => Known(g) ?? g).ToArray());
                default:
                    return (true, value);
            }
        }

        private Guid? Known(Guid id) =>
            newIds.TryGetValue(id, out var renewed) ? renewed
            : people.TryGetValue(id, out var person) ? person
            : networkKeys.TryGetValue(id, out var key) && networks.TryGetValue(key, out var network) ? network
            : null;

        private (bool, object?) MapOne(Guid id, IForeignKey? foreignKey, bool nullable)
        {
            if (Known(id) is { } mapped)
            {
                return (true, mapped);
            }
            if (foreignKey is null || id == Guid.Empty)
            {
                return (true, id); // not a reference to a row (an audit entry's subject, a removed item): kept as it was
            }
            return nullable ? (true, null) : (false, null); // refers to a row this instance does not have
        }
    }
}
