using TwinningCloud.Web.Features;
using TwinningCloud.Web.Features.Collectives;
using TwinningCloud.Web.Features.Federations;
using TwinningCloud.Web.Features.Reminders;
using TwinningCloud.Web.Features.Register;
using TwinningCloud.Web.Features.NetworkMemberships;
using TwinningCloud.Web.Platform;
using TwinningCloud.Web.Platform.Cli;
using TwinningCloud.Web.Platform.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddTwinningPlatform(
    new CoreFeatures(),
    new RegisterModule(),
    new NetworkMembershipsModule(),
    new CollectivesModule(),
    new RemindersModule(),
    new FederationDirectoryModule());

var app = builder.Build();

if (CommandLine.IsCommand(app, args))
{
    return await CommandLine.RunAsync(app, args);
}

app.UseTwinningPlatform();
app.MapTwinningPlatform();

await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>The web host; public so that tests can boot it with WebApplicationFactory.</summary>
public partial class Program;
