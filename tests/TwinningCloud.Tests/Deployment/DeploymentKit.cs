using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;

namespace TwinningCloud.Tests.Deployment;

/// <summary>What the deployment tests share: free loopback ports, a key-ring certificate, scripts run as an operator runs them.</summary>
internal static class DeploymentKit
{
    private static readonly object PortLock = new();
    private static readonly HashSet<int> Handed = [];

    /// <summary>A loopback port nobody listens on now (asked from the system, never handed twice in this run).</summary>
    public static int FreePort()
    {
        lock (PortLock)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>A self-signed RSA certificate for the key ring, written as PKCS#12 (with <paramref name="password"/>) and as PEM (certificate and key).</summary>
    public static (string Pfx, string CertificatePem, string KeyPem, string Thumbprint) WriteCertificate(DirectoryInfo folder, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=TwinningCloud key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(folder.FullName, "keyring.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, password));
        var pem = Path.Combine(folder.FullName, "keyring.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        var key = Path.Combine(folder.FullName, "keyring.key");
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (pfx, pem, key, certificate.Thumbprint);
    }

    /// <summary>Runs a program (a deploy script), its output kept; fails the test on a timeout.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end: {await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>libpq's variables for a connection string of the test server (what the backup scripts read).</summary>
    public static Dictionary<string, string> LibpqEnvironment(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host!,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username!,
            ["PGPASSWORD"] = builder.Password!,
            ["PGDATABASE"] = builder.Database!,
        };
    }

    /// <summary>Starts an in-process app on a real loopback port; its base address.</summary>
    public static Uri StartOnKestrel(AppFactory factory)
    {
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
