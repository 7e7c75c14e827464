using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Deployment;

/// <summary>The data-protection key ring in the database, encrypted with the certificate of <c>DataProtection:Certificate</c>.</summary>
[Trait("Category", TestCategories.Process)]
public sealed class KeyRingEncryptionTests : IAsyncLifetime
{
    private const string Password = "Key-ring-test-2026";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tc-keyring-");
    private TestDatabase _database = null!;
    private (string Pfx, string CertificatePem, string KeyPem, string Thumbprint) _certificate;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("keyring");
        _certificate = DeploymentKit.WriteCertificate(_folder, Password);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    private Dictionary<string, string> WithPfx(bool migrate = false) => new()
    {
        ["Database:MigrateAtStartup"] = migrate ? "true" : "false",
        ["DataProtection:Certificate:Path"] = _certificate.Pfx,
        ["DataProtection:Certificate:Password"] = Password,
    };

    private Dictionary<string, string> WithPem() => new()
    {
        ["Database:MigrateAtStartup"] = "false",
        ["DataProtection:Certificate:Path"] = _certificate.CertificatePem,
        ["DataProtection:Certificate:KeyPath"] = _certificate.KeyPem,
    };

    private async Task<List<string>> StoredKeysAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    [Fact]
    public async Task The_stored_key_ring_holds_no_plaintext_key_only_keys_encrypted_with_the_certificate()
    {
        await using var app = new AppFactory(_database.ConnectionString, WithPfx(migrate: true));
        using var client = new HttpClient { BaseAddress = DeploymentKit.StartOnKestrel(app) };
        AssertOk(await client.GetAsync("/sign-in")); // the antiforgery token makes the first key

        // The master keys as the app knows them (decrypted with the certificate)…
        var keys = app.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.NotEmpty(keys);
        var secrets = keys.Select(k => k.Descriptor.ExportToXml().SerializedDescriptorElement.Descendants("value").Single().Value).ToList();
        Assert.All(secrets, s => Assert.True(s.Length >= 40, "a master key's value"));

        // …are nowhere in the stored XML, which holds an XML-encryption envelope naming the certificate instead.
        var stored = await StoredKeysAsync();
        Assert.Equal(keys.Count, stored.Count);
        foreach (var xml in stored)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, xml, StringComparison.Ordinal);
            }
            var element = XElement.Parse(xml);
            Assert.DoesNotContain(element.Descendants(), e => e.Name.LocalName == "masterKey");
            var encrypted = element.Descendants().Single(e => e.Name.LocalName == "encryptedSecret");
            Assert.Contains("EncryptedXmlDecryptor", encrypted.Attribute("decryptorType")!.Value, StringComparison.Ordinal); // XML encryption (the certificate's), not DPAPI or none
            Assert.Contains("X509Certificate", xml, StringComparison.Ordinal); // the certificate that decrypts it, in the KeyInfo
        }
    }

    [Fact]
    public async Task Two_instances_with_the_same_certificate_share_sessions_and_one_without_it_cannot_read_them()
    {
        await using var first = new AppFactory(_database.ConnectionString, WithPfx(migrate: true));
        var jar = new CookieContainer();
        using var toFirst = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = DeploymentKit.StartOnKestrel(first) };
        var data = new TestData(first.Services);
        var marseille = await data.CreateTenantAsync("marseille", "Ville de Marseille");
        await data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await toFirst.SignInAsync("/marseille", "admin@marseille.fr")).StatusCode);
        var cookie = jar.GetCookieHeader(new Uri(toFirst.BaseAddress!, "/marseille/admin"));

        // The same certificate given as PEM files: the second instance reads the first one's session.
        await using var second = new AppFactory(_database.ConnectionString, WithPem());
        using var toSecond = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = DeploymentKit.StartOnKestrel(second) };
        var admin = await GetWithCookieAsync(toSecond, "/marseille/admin", cookie);
        AssertOk(admin);
        Assert.Contains("Ville de Marseille — administration", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // An instance without the certificate cannot decrypt the keys: the same cookie is no session there.
        await using var third = new AppFactory(_database.ConnectionString, new Dictionary<string, string> { ["Database:MigrateAtStartup"] = "false" });
        using var toThird = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = DeploymentKit.StartOnKestrel(third) };
        var refused = await GetWithCookieAsync(toThird, "/marseille/admin", cookie);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/sign-in", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    private static void AssertOk(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
}
