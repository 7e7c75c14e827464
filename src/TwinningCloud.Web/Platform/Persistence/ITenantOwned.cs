namespace TwinningCloud.Web.Platform.Persistence;

/// <summary>
/// An entity that belongs to one tenant. <see cref="AppDbContext"/> filters every query by the
/// current tenant, stamps <see cref="TenantId"/> on insert and refuses to save a foreign one. Keys of
/// tenant-owned tables start with <c>tenant_id</c> (see <see cref="TenantOwnedConfiguration"/>).
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>
/// Tenant data that no public page shows (reminder settings and history): saving it does not count as a
/// change of the tenant's published data, so public pages stay cached (ADR 0006).
/// </summary>
public interface IStaffOnlyData;
