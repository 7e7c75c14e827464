using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TwinningCloud.Web.Platform.Persistence;

namespace TwinningCloud.Web.Platform.Jobs;

/// <summary>
/// Hangfire's own tables on PostgreSQL (schema <c>hangfire</c>, <see cref="JobOptions.Schema"/>): created and
/// upgraded by the app's <c>migrate</c> step with Hangfire.PostgreSql's installer, after our migrations
/// (instances that migrate at startup do the same through that step). The SQLite storage creates its file's
/// tables itself when it opens it.
/// </summary>
internal static class JobsSchema
{
    public static async Task InstallAsync(AppDbContext db, IConfiguration configuration, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }
        var schema = configuration["Jobs:Schema"] ?? new JobOptions().Schema;
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        PostgreSqlObjectsInstaller.Install(connection, schema);
    }
}
