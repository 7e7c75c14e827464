using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TwinningCloud.Tests.Infrastructure;
using TwinningCloud.Web.Platform.Identity;

namespace TwinningCloud.Tests.Platform;

[Trait("Category", TestCategories.Process)]
public sealed class SeveralInstancesTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task A_second_instance_on_the_same_database_honours_the_first_ones_cookies_and_forms()
    {
        var marseille = await Data.CreateTenantAsync("marseille", "Ville de Marseille");
        await Data.CreateStaffAsync(marseille, "admin@marseille.fr", Roles.TenantAdmin);
        using var client = App.CreateClient();
        await client.GetAsync("/marseille/admin"); // the first instance makes the key ring
        AssertStatus(HttpStatusCode.Redirect, await client.SignInAsync("/marseille", "admin@marseille.fr"));

        await using var second = new AppFactory(App.ConnectionString, new Dictionary<string, string> { ["Database:MigrateAtStartup"] = "false" });
        second.UseKestrel(0);
        second.StartServer();
        var address = second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var secondBase = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        // The same browser (cookie jar), the second instance behind the same name: here, its own port.
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        using var toSecond = new HttpClient(handler) { BaseAddress = secondBase };
        var jar = App.CookiesOf(client);
        var request = new HttpRequestMessage(HttpMethod.Get, "/marseille/admin");
        request.Headers.Add("Cookie", jar.GetCookieHeader(new Uri(App.BaseAddress, "/marseille/admin")));
        var response = await toSecond.SendAsync(request);

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Contains("Ville de Marseille — administration", await ReadAsync(response), StringComparison.Ordinal);
        // The key ring both read is the database's (not a folder that two processes on one machine happen to share).
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TwinningCloud.Web.Platform.Persistence.AppDbContext>();
        Assert.NotEmpty(db.Set<TwinningCloud.Web.Platform.Persistence.DataProtectionKey>().ToList());
        var options = second.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>().Value;
        Assert.IsType<TwinningCloud.Web.Platform.Persistence.DatabaseXmlRepository>(options.XmlRepository);
    }
}
