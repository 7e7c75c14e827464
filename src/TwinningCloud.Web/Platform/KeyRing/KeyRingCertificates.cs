using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace TwinningCloud.Web.Platform.KeyRing;

/// <summary>
/// The data-protection key ring encrypted at rest: every key the app writes to <c>data_protection_keys</c>
/// is encrypted with the certificate of <c>DataProtection:Certificate</c> (an RSA certificate with its private
/// key: a PKCS#12 file and its password, or a PEM certificate and its PEM key). Certificates under
/// <c>DataProtection:PreviousCertificates</c> only decrypt (keys written before a certificate change).
/// Without a certificate the keys are stored in clear, as before (ASP.NET Core warns "No XML encryptor configured").
/// </summary>
internal static class KeyRingCertificates
{
    public const string Section = "DataProtection:Certificate";
    public const string PreviousSection = "DataProtection:PreviousCertificates";

    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var current = Load(configuration.GetSection(Section));
        var previous = configuration.GetSection(PreviousSection).GetChildren().Select(Load).OfType<X509Certificate2>().ToArray();
        if (current is null)
        {
            if (previous.Length > 0)
            {
                throw new InvalidOperationException($"{PreviousSection} is set but {Section} is not: set the current certificate too.");
            }
            return builder;
        }
        builder.ProtectKeysWithCertificate(current);
        if (previous.Length > 0)
        {
            builder.UnprotectKeysWithAnyCertificate([current, .. previous]);
        }
        return builder;
    }

    /// <summary>
    /// <c>Path</c> (+ <c>Password</c>): a PKCS#12 file (.pfx, .p12); a path ending in .pem or .crt is a PEM
    /// certificate whose key is in <c>KeyPath</c> (or in the same file). Null when <c>Path</c> is not set.
    /// </summary>
    public static X509Certificate2? Load(IConfigurationSection section)
    {
        var path = section["Path"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{section.Path}:Path: no file at {path}.");
        }
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var certificate = extension is ".pem" or ".crt"
            ? LoadPem(path, section["KeyPath"], section["Password"])
            : X509CertificateLoader.LoadPkcs12FromFile(path, section["Password"], X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{section.Path}: the certificate at {path} needs an RSA private key (the key ring is encrypted and decrypted with it).");
        }
        return certificate;
    }

    private static X509Certificate2 LoadPem(string path, string? keyPath, string? password)
    {
        keyPath = string.IsNullOrWhiteSpace(keyPath) ? null : keyPath;
        using var pem = string.IsNullOrEmpty(password)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
        // An ephemeral PEM key cannot always be used by every platform API: round-trip it through PKCS#12.
        var bytes = pem.Export(X509ContentType.Pkcs12);
        return X509CertificateLoader.LoadPkcs12(bytes, null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
