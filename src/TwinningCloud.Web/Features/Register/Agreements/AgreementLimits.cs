
namespace TwinningCloud.Web.Features.Register.Agreements;

/// <summary>
/// How many children one agreement may have, whichever door they come through (form, API, import). Say them in
/// the README and in the error texts (a test checks that each text names its number).
/// </summary>
public static class AgreementLimits
{
    /// <summary>Partner cities party to one agreement (the largest real charters have a dozen).</summary>
    public const int MaxParties = 50;

    /// <summary>Cooperation domains of one agreement.</summary>
    public const int MaxDomains = 20;

    /// <summary>History entries (renewals, updates…) of one agreement.</summary>
    public const int MaxHistoryEntries = 100;

    /// <summary>Documents attached to one agreement (each at most <see cref="AgreementDocument.MaxBytes"/>).</summary>
    public const int MaxDocuments = 20;
}
