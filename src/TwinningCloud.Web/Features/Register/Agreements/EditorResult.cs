using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinningCloud.Web.Platform.Localization;

namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>What every editor's outcome says: errors by field name (values are text keys, the empty field name for errors of the whole form), or not found.</summary>
public interface IEditorResult
{
    IReadOnlyDictionary<string, string> Errors { get; }
    bool NotFound { get; }
    bool Succeeded => !NotFound && Errors.Count == 0;
}

/// <summary>
/// Outcome of an editor's save or delete: the entity's id, or errors by field name (values are text keys,
/// the empty field name for errors of the whole form); <see cref="NotFound"/> when the id is not this tenant's.
/// The one result of the editors (agreements, partner cities, memberships, tenants); <see cref="EditorResult{T}"/> when the caller needs more than an id.
/// </summary>
public sealed record EditorResult(Guid? Id, IReadOnlyDictionary<string, string> Errors, bool NotFound = false) : IEditorResult
{
    public bool Succeeded => !NotFound && Errors.Count == 0;

    public static EditorResult Missing { get; } = new(null, new Dictionary<string, string>(), NotFound: true);

    public static EditorResult Ok(Guid id) => new(id, new Dictionary<string, string>());

    public static EditorResult Invalid(Guid? id, IReadOnlyDictionary<string, string> errors) => new(id, errors);

    /// <summary>One error: a field and its text key.</summary>
    public static EditorResult Invalid(Guid? id, string field, string key) => new(id, new Dictionary<string, string> { [field] = key });
}

/// <summary>An editor's outcome that carries a value (the domain changed, the client created…) besides the errors.</summary>
public sealed record EditorResult<T>(T? Value, IReadOnlyDictionary<string, string> Errors, bool NotFound = false) : IEditorResult
{
    public bool Succeeded => !NotFound && Errors.Count == 0;

    public static EditorResult<T> Missing { get; } = new(default, new Dictionary<string, string>(), NotFound: true);

    public static EditorResult<T> Ok(T value) => new(value, new Dictionary<string, string>());

    public static EditorResult<T> Invalid(IReadOnlyDictionary<string, string> errors, T? value = default) => new(value, errors);

    public static EditorResult<T> Invalid(string field, string key, T? value = default) => new(value, new Dictionary<string, string> { [field] = key });
}

/// <summary>An editor's errors where they are shown: the API's validation problem (400, fields in camel case, texts in the reader's language).</summary>
public static class EditorResultProblems
{
    public static ValidationProblem ToValidationProblem(this IEditorResult result, Texts T, string titleKey) =>
        TypedResults.ValidationProblem(result.Errors.ToDictionary(e => CamelCase(e.Key), e => new[] { T[e.Value] }), title: T[titleKey]);

    /// <summary>"SinceYear" → "sinceYear", "Events[0].Kind" → "events[0].Kind" (the JSON body's names).</summary>
    public static string CamelCase(string field) =>
        field.Length == 0 ? field : string.Create(CultureInfo.InvariantCulture, $"{char.ToLowerInvariant(field[0])}{field[1..]}");
}
