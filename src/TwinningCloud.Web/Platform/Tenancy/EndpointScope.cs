namespace TwinningCloud.Web.Platform.Tenancy;

/// <summary>Who an endpoint serves. Every endpoint is <see cref="Tenant"/>-scoped unless it says otherwise.</summary>
public enum EndpointScope
{
    /// <summary>Needs a resolved, active tenant; answers 404 without one.</summary>
    Tenant,

    /// <summary>Platform pages (operator); answers 404 when reached through a tenant.</summary>
    Platform,

    /// <summary>Serves both sides, with the same page: sign-in and account pages. A suspended tenant's are closed too.</summary>
    TenantOrPlatform,

    /// <summary>Infrastructure that works with or without a tenant, even a suspended one: error pages, health, theme.</summary>
    Shared,
}

/// <summary>Declares an endpoint's <see cref="EndpointScope"/>. Put it on a page model or add it as endpoint metadata.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class EndpointScopeAttribute(EndpointScope scope) : Attribute
{
    public EndpointScope Scope { get; } = scope;
}

public static class EndpointScopeExtensions
{
    public static TBuilder WithScope<TBuilder>(this TBuilder builder, EndpointScope scope)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new EndpointScopeAttribute(scope));

    public static EndpointScope ScopeOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<EndpointScopeAttribute>()?.Scope ?? EndpointScope.Tenant;
}
