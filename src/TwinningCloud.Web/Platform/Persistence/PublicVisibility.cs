using System.Linq.Expressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace TwinningCloud.Web.Platform.Persistence;

/// <summary>
/// An entity with a public face (agreement, partner city, network membership): <see cref="PublicRule"/> says,
/// once, which of its rows the public may see. The entity defines it in its own folder; everything anonymous
/// reads through it (see <see cref="PublicVisibility"/>).
/// </summary>
public interface IPubliclyVisible<TSelf> where TSelf : IPubliclyVisible<TSelf>
{
    /// <summary>The rows anyone may see (a query expression: it runs in the database).</summary>
    static abstract Expression<Func<TSelf, bool>> PublicRule { get; }
}

/// <summary>
/// The one door between the register and anything anonymous. <see cref="AppDbContext"/> adds each entity's
/// <see cref="IPubliclyVisible{TSelf}.PublicRule"/> as a named query filter (<see cref="Filter"/>) that is
/// on whenever the request's endpoint allows anonymous use (<see cref="PublicReadMiddleware"/>): a public
/// page, the anonymous API, the printable list, a page added tomorrow — none of them can read an internal
/// or draft row, whatever its query. The few anonymous endpoints that show internal items on purpose (the
/// calendar feed behind its secret address; the API to signed-in staff) say so with
/// <see cref="IncludingInternal{T}"/>, and a test pins that list. Code that is not anonymous but must show
/// the public view (the federation directory, to staff of other towns) uses <see cref="PubliclyVisible{T}"/>.
/// </summary>
public static class PublicVisibility
{
    /// <summary>The name of the query filter.</summary>
    public const string Filter = "Public";

    /// <summary>Only the rows the public may see, whoever reads.</summary>
    public static IQueryable<T> PubliclyVisible<T>(this IQueryable<T> query) where T : class, IPubliclyVisible<T> =>
        query.Where(T.PublicRule);

    /// <summary>Internal and draft rows too, in an anonymous request (only where a test allows it: see the class).</summary>
    public static IQueryable<T> IncludingInternal<T>(this IQueryable<T> query) where T : class =>
        query.IgnoreQueryFilters([Filter]);

    /// <summary>The rule of <typeparamref name="T"/> as an untyped lambda (for the model's query filter).</summary>
    public static LambdaExpression RuleOf<T>() where T : IPubliclyVisible<T> => T.PublicRule;

    /// <summary>True when <paramref name="type"/> implements <see cref="IPubliclyVisible{TSelf}"/> for itself.</summary>
    public static bool HasRule(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPubliclyVisible<>) && i.GetGenericArguments()[0] == type);

    internal static LambdaExpression RuleOf(Type type) =>
        (LambdaExpression)typeof(PublicVisibility).GetMethods().Single(m => m.Name == nameof(RuleOf) && m.IsGenericMethodDefinition)
            .MakeGenericMethod(type).Invoke(null, null)!;
}

/// <summary>Whether the current unit of work reads as the public does (scoped; false for jobs, commands and staff pages).</summary>
internal sealed class PublicReadScope
{
    public bool PublicOnly { get; set; }
}

/// <summary>
/// After routing: a request to an endpoint that allows anonymous use (or to none) reads the register as the
/// public does, signed in or not — a staff member on a public page sees the public page. Only endpoints that
/// require authorization (staff pages, exports, API writes) see internal and draft rows.
/// </summary>
internal sealed class PublicReadMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http, PublicReadScope scope)
    {
        scope.PublicOnly = ReadsAsPublic(http.GetEndpoint());
        return next(http);
    }

    public static bool ReadsAsPublic(Endpoint? endpoint) =>
        endpoint is null
        || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
        || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null;
}
