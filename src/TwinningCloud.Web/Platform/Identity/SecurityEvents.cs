namespace TwinningCloud.Web.Platform.Identity;

/// <summary>Security events, logged with the side (tenant slug or "platform") and the user id; never a password or token.</summary>
public static partial class SecurityEvents
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Security: sign-in succeeded at {Side} for user {UserId}")]
    public static partial void SignInSucceeded(ILogger logger, string side, Guid userId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Security: sign-in failed at {Side} for user {UserId}")]
    public static partial void SignInFailed(ILogger logger, string side, Guid? userId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Security: user {UserId} locked out at {Side}")]
    public static partial void LockedOut(ILogger logger, string side, Guid userId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Security: role {Role} granted at {Side} to user {UserId} by {ActorId}")]
    public static partial void RoleGranted(ILogger logger, string side, Guid userId, string role, Guid actorId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Security: role {Role} removed at {Side} from user {UserId} by {ActorId}")]
    public static partial void RoleRemoved(ILogger logger, string side, Guid userId, string role, Guid actorId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Security: password reset requested at {Side} for user {UserId}")]
    public static partial void ResetRequested(ILogger logger, string side, Guid userId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Security: password set at {Side} for user {UserId}")]
    public static partial void PasswordSet(ILogger logger, string side, Guid userId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Security: user {UserId} signed out everywhere at {Side}")]
    public static partial void SignedOutEverywhere(ILogger logger, string side, Guid userId);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Security: email change confirmed at {Side} for user {UserId}")]
    public static partial void EmailChanged(ILogger logger, string side, Guid userId);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Security: calendar feed address replaced at {Side} by user {UserId} (the old address no longer answers)")]
    public static partial void CalendarFeedRotated(ILogger logger, string side, Guid userId);
}
