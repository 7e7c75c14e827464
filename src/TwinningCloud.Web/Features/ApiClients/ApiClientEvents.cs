namespace TwinningCloud.Web.Features.ApiClients;

/// <summary>
/// Security events of API clients, in the security log (category <c>TwinningCloud.Security</c>, like
/// <see cref="Platform.Identity.SecurityEvents"/>): the side, the client id and who did it; never a secret or token.
/// </summary>
public static partial class ApiClientEvents
{
    public const string Category = "TwinningCloud.Security";

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Security: API client {ClientId} created at {Side} by user {ActorId} with scopes {Scopes}")]
    public static partial void Created(ILogger logger, string side, string clientId, string scopes, Guid? actorId);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Information, Message = "Security: API client {ClientId} secret rotated at {Side} by user {ActorId} (the old secret and its tokens no longer work)")]
    public static partial void SecretRotated(ILogger logger, string side, string clientId, Guid? actorId);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Information, Message = "Security: API client {ClientId} revoked at {Side} by user {ActorId}")]
    public static partial void Revoked(ILogger logger, string side, string clientId, Guid? actorId);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "Security: API token refused at {Side} for client {ClientId}: {Reason}")]
    public static partial void TokenRefused(ILogger logger, string side, string? clientId, string reason);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Information, Message = "Security: API token issued at {Side} to client {ClientId} for scopes {Scopes}")]
    public static partial void TokenIssued(ILogger logger, string side, string clientId, string scopes);

    [LoggerMessage(EventId = 4035, Level = LogLevel.Warning, Message = "Security: API token request refused at {Side} for client {ClientId}: {Reason}")]
    public static partial void TokenRequestRefused(ILogger logger, string side, string? clientId, string reason);

    [LoggerMessage(EventId = 4036, Level = LogLevel.Information, Message = "Security: user {UserId} allowed application {ClientId} at {Side} to act for them with scopes {Scopes}")]
    public static partial void ConsentGiven(ILogger logger, string side, string clientId, Guid userId, string scopes);

    [LoggerMessage(EventId = 4037, Level = LogLevel.Information, Message = "Security: user {UserId} denied application {ClientId} at {Side}")]
    public static partial void ConsentDenied(ILogger logger, string side, string clientId, Guid userId);
}
