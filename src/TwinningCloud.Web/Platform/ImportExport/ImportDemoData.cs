using TwinningCloud.Web.Platform.Audit;
using TwinningCloud.Web.Platform.Demo;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Platform.ImportExport;

/// <summary>
/// Loads a demo tenant's records through the import: the files <c>DemoData/{slug}.*.csv</c> of every module's folder
/// (embedded), transcribed from the seed documents, in the order of their names. Registered after every module's own demo
/// data (the agreements refer to the partner cities'). A bad file stops the seeding with its errors.
/// </summary>
internal sealed class ImportDemoData : IDemoDataContributor
{
    private const string Prefix = "TwinningCloud.Web.ImportDemo.";

    public async Task SeedAsync(TenantInfo tenant, IServiceProvider tenantServices, CancellationToken ct)
    {
        var assembly = typeof(ImportDemoData).Assembly;
        // agreements before memberships: "{slug}.agreements.csv" < "{slug}.memberships.csv"
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith($"{Prefix}{tenant.Slug}.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            string content;
            await using (var stream = assembly.GetManifestResourceStream(name)!)
            using (var reader = new StreamReader(stream))
            {
                content = await reader.ReadToEndAsync(ct);
            }
            var fileName = name[Prefix.Length..];
            tenantServices.GetRequiredService<AuditActor>().ActAs(null, $"demo import: {fileName}");
            var report = await tenantServices.GetRequiredService<RecordImporter>().ApplyAsync(fileName, content, ct);
            if (!report.Applied)
            {
                throw new InvalidOperationException($"The demo file {fileName} does not import: " +
                    string.Join("; ", report.Errors.Select(e => $"line {e.Line} {e.Field}: {e.ReasonKey} {string.Join(",", e.Args)}")));
            }
        }
    }
}
