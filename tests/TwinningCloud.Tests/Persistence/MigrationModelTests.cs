using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Tests.Persistence;

/// <summary>
/// Each provider's migrations, applied to an empty database, produce the schema the model expects:
/// no model change is missing a migration, and every table and column of the model exists.
/// </summary>
public sealed class MigrationModelTests
{
    [Fact]
    public async Task PostgreSQL_migrations_build_exactly_the_models_schema()
    {
        await using var database = await TestDatabase.CreateAsync("migrations");
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var db = new PostgresAppDbContext(options, new TenantContext());

        await AssertMigrationsMatchModelAsync(db, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'");
    }

    [Fact]
    public async Task SQLite_migrations_build_exactly_the_models_schema()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tc-migrations-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file}").Options;
            await using var db = new SqliteAppDbContext(options, new TenantContext());

            await AssertMigrationsMatchModelAsync(db,
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static async Task AssertMigrationsMatchModelAsync(AppDbContext db, string columnsQuery)
    {
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration describes: run tools/migrations add NAME.");

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var actual = new HashSet<(string, string)>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using (DbCommand command = connection.CreateCommand())
        {
            command.CommandText = columnsQuery;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                actual.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var expected = db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .SelectMany(e => e.GetProperties().Select(p => (e.GetTableName()!, p.GetColumnName(StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema()))!)))
            .ToHashSet();
        Assert.True(expected.Count > 20, "the model was read");
        var missing = expected.Except(actual).Select(x => $"{x.Item1}.{x.Item2}").ToList();
        Assert.True(missing.Count == 0, "Columns in the model but not in the migrated database: " + string.Join(", ", missing));
        var extra = actual.Where(x => !x.Item1.StartsWith("__EFMigrations", StringComparison.Ordinal))
            .Except(expected).Select(x => $"{x.Item1}.{x.Item2}").ToList();
        Assert.True(extra.Count == 0, "Columns in the migrated database but not in the model: " + string.Join(", ", extra));
    }
}
