namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// A part of a citizen's data kept by a sub-feature of collectives (meeting answers, micro-project volunteering):
/// what it adds to "download my data". Its rows reference the member with a cascading foreign key, so erasing
/// or purging the member removes them in the same statement.
/// </summary>
public interface ICitizenDataPart
{
    /// <summary>The property name in the downloaded JSON.</summary>
    string Name { get; }

    /// <summary>The rows about these members (this town's: the query filter), as plain objects for the JSON file.</summary>
    Task<object> ExportAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct);
}
