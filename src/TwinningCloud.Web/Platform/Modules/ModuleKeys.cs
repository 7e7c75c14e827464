namespace TwinningCloud.Web.Platform.Modules;

public static class ModuleKeys
{
    public const string Agreements = "agreements";
    public const string NetworkMemberships = "network-memberships";
    public const string Collectives = "collectives";
    public const string Reminders = "reminders";
    public const string FederationDirectory = "federation-directory";
}
