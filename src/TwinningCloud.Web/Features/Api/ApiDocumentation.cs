using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TwinningCloud.Web.Platform.Identity;
using TwinningCloud.Web.Platform.Tenancy;

namespace TwinningCloud.Web.Features.Api;

/// <summary>
/// The OpenAPI document of the whole JSON API, at <c>/openapi/v1.json</c>, and a browsable UI at
/// <c>/openapi</c> (Swagger UI's own files, served from the Swashbuckle.AspNetCore.SwaggerUI assembly,
/// started by <c>wwwroot/js/openapi-ui.js</c>: no inline script, so the strict CSP stays as it is). The
/// document is built from the endpoint data source, so every module's endpoints appear in it without
/// being listed here. Both are platform infrastructure (<see cref="EndpointScope.Shared"/>), anonymous,
/// and hold no tenant data.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";
    public const string OAuthScheme = "oauth2";

    /// <summary>Swagger UI's files the page may load (nothing else of the assembly is served).</summary>
    private static readonly Dictionary<string, (string Resource, string ContentType)> UiFiles = new(StringComparer.Ordinal)
    {
        ["swagger-ui.css"] = ("Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.swagger-ui.css", "text/css; charset=utf-8"),
        ["swagger-ui-bundle.js"] = ("Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    };

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer((document, context, _) =>
            {
                document.Info.Title = "TwinningCloud API";
                document.Info.Version = DocumentName;
                document.Info.Description =
                    "The JSON API of a town's twinning and international cooperation register.\n\n" +
                    "**Paths are under the town**: where one host serves every town (path mode), each path below is " +
                    "prefixed by the town's slug, e.g. `/marseille/api/v1/network-memberships`; a town with its own host " +
                    "name (host mode) serves them at the root, e.g. `https://marseille.example.org/api/v1/network-memberships`. " +
                    "Choose the town in the server variable `tenant`.\n\n" +
                    "**Sign-in**: an API client registered by the town's administrator (`/{tenant}/admin/api-clients`) gets a token at " +
                    "`POST /{tenant}/connect/token` (OAuth 2.0 client credentials: `grant_type=client_credentials`, `client_id`, `client_secret`, " +
                    "optionally `scope`) and sends it as `Authorization: Bearer <access_token>`. A token is valid for its town only, and only for " +
                    "the operations of its scopes (each operation names its scope; 403 otherwise). Revocation (RFC 7009): `POST /{tenant}/connect/revoke`; " +
                    "introspection (RFC 7662): `POST /{tenant}/connect/introspect`; discovery: `/{tenant}/.well-known/openid-configuration`. " +
                    "Deprecated until 2027-03-31: `POST /{tenant}/api/v1/auth/token` with a staff member's `email` and `password`.\n\n" +
                    "**Lists** are paginated: `?page=1&pageSize=50` (at most 200), answered as `{ items, page, pageSize, total }`. " +
                    "**Errors** are problem details (RFC 9457). A request that cannot be read (not JSON, malformed JSON, `null`, an array, " +
                    "a value of the wrong type, `?page=abc`, a page outside 1–1,000,000) and one whose fields fail validation both answer " +
                    "**400**; a validation problem lists the fields in `errors`. No input answers 500.";
                document.Servers =
                [
                    new OpenApiServer
                    {
                        Url = "/{tenant}",
                        Description = "A town, in path mode",
                        Variables = new Dictionary<string, OpenApiServerVariable> { ["tenant"] = new() { Default = "marseille", Description = "The town's slug" } },
                    },
                ];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Deprecated (until 2027-03-31): a token from POST /{tenant}/api/v1/auth/token (valid one hour, for its town only).",
                };
                var scopes = context.ApplicationServices.GetRequiredService<TwinningCloud.Web.Platform.Modules.ModuleCatalog>().All.SelectMany(m => m.ApiScopes)
                    .DistinctBy(s => s.Name).ToDictionary(s => s.Name, s => s.Access == TwinningCloud.Web.Platform.Modules.ApiAccess.Read ? $"Read ({s.Name})" : $"Write ({s.Name})");
                document.Components.SecuritySchemes[OAuthScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "An API client of the town (registered at /{tenant}/admin/api-clients): client credentials at /{tenant}/connect/token.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("connect/token", UriKind.Relative), Scopes = scopes },
                    },
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var scope = metadata.OfType<TwinningCloud.Web.Platform.Modules.ApiScopeAttribute>().FirstOrDefault()?.Scope;
                if (scope is not null)
                {
                    // An API client's token needs this scope, on anonymous reads too (where it lifts the public filter).
                    operation.Description = (operation.Description is null ? "" : operation.Description + "\n\n") + $"API clients: scope `{scope}`.";
                }
                if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
                {
                    return Task.CompletedTask;
                }
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                if (scope is not null)
                {
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuthScheme, context.Document)] = [scope] });
                }
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
                if (policies.Count > 0)
                {
                    operation.Description = (operation.Description is null ? "" : operation.Description + "\n\n") + "Requires: " + string.Join(", ", policies.Select(Describe)) + ".";
                }
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").WithScope(EndpointScope.Shared).AllowAnonymous().ExcludeFromDescription();

        var ui = app.MapGroup("/openapi").WithScope(EndpointScope.Shared).AllowAnonymous().ExcludeFromDescription();
        ui.MapGet("/", (IWebHostEnvironment environment) =>
            TypedResults.PhysicalFile(Path.Combine(environment.WebRootPath, "openapi", "index.html"), "text/html; charset=utf-8"));
        ui.MapGet("/ui/{file}", (string file, HttpContext http) =>
        {
            if (!UiFiles.TryGetValue(file, out var entry))
            {
                return Results.NotFound();
            }
            var stream = typeof(Swashbuckle.AspNetCore.SwaggerUI.SwaggerUIOptions).Assembly.GetManifestResourceStream(entry.Resource);
            if (stream is null)
            {
                return Results.NotFound();
            }
            if (!IsGzip(stream))
            {
                return Results.Stream(stream, entry.ContentType);
            }
            // Swashbuckle embeds its files gzipped: say so (Content-Encoding), or unpack them for a client that does not take gzip.
            http.Response.Headers.Vary = "Accept-Encoding";
            if (http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers.ContentEncoding = "gzip";
                return Results.Stream(stream, entry.ContentType);
            }
            return Results.Stream(new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress), entry.ContentType);
        });
        return app;
    }

    /// <summary>Whether the stream starts with gzip's magic number (the stream is left at its start).</summary>
    private static bool IsGzip(Stream stream)
    {
        Span<byte> head = stackalloc byte[2];
        var read = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 2 && head[0] == 0x1F && head[1] == 0x8B;
    }

    private static string Describe(string policy) => policy switch
    {
        Policies.TenantStaff => "the town's staff (administrator or editor)",
        Policies.TenantAdmin => "the town's administrator",
        Policies.SignedIn => "any signed-in person",
        _ => policy,
    };
}
