namespace TwinningCloud.Web.Features.Collectives;

/// <summary>
/// A part of the collectives module that holds personal data about a citizen (their memberships' ids): it adds its
/// records to "download my data" and deletes them on "erase me" (inside the erasure's transaction, before the
/// memberships go). Registered as <c>ICitizenDataPart</c>; <see cref="CitizenSelfService"/> runs them all.
/// </summary>
public interface ICitizenDataPart
{
    /// <summary>The name of the part in the JSON download (<c>questions</c>).</summary>
    string Name { get; }

    /// <summary>The part's records about these memberships (serialised as they are).</summary>
    Task<object> ExportAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct);

    /// <summary>Deletes the part's records about these memberships; returns how many rows went.</summary>
    Task<int> EraseAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct);
}
