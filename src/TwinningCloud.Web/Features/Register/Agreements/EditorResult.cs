
namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>
/// Outcome of an editor's save or delete: the entity's id, or errors by field name (values are text keys,
/// the empty field name for errors of the whole form); <see cref="NotFound"/> when the id is not this tenant's.
/// </summary>
public sealed record EditorResult(Guid? Id, IReadOnlyDictionary<string, string> Errors, bool NotFound = false)
{
    public bool Succeeded => !NotFound && Errors.Count == 0;

    public static EditorResult Missing { get; } = new(null, new Dictionary<string, string>(), NotFound: true);

    public static EditorResult Ok(Guid id) => new(id, new Dictionary<string, string>());

    public static EditorResult Invalid(Guid? id, IReadOnlyDictionary<string, string> errors) => new(id, errors);
}
