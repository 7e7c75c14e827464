using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TwinningCloud.Web.Platform.Persistence;
using TwinningCloud.Web.Platform.Web;

namespace TwinningCloud.Web.Features.Collectives.MicroProjects;

/// <summary>The staff's micro-project form.</summary>
public sealed class MicroProjectForm
{
    public static readonly string[] FieldOrder = ["Title", "Description", "Status", "VolunteersWanted"];

    public string? Title { get; set; }
    public string? Description { get; set; }
    public MicroProjectStatus Status { get; set; } = MicroProjectStatus.Open;
    public string? VolunteersWanted { get; set; }

    public static MicroProjectForm From(MicroProject p) => new()
    {
        Title = p.Title, Description = p.Description, Status = p.Status,
        VolunteersWanted = p.VolunteersWanted?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>True when valid (then <paramref name="project"/> is filled), else the errors (field → text key).</summary>
    public bool ApplyTo(MicroProject project, Dictionary<string, string> errors)
    {
        var title = Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MicroProject.MaxTitle || SingleLineText.HasControlCharacters(title))
        {
            errors["Title"] = "collectives.projects.error.title";
        }
        var description = Description?.Trim() is { Length: > 0 } d ? d : null;
        if (description is { Length: > MicroProject.MaxDescription })
        {
            errors["Description"] = "collectives.projects.error.description";
        }
        if (!Enum.IsDefined(Status))
        {
            errors["Status"] = "collectives.projects.error.status";
        }
        int? wanted = null;
        if (!string.IsNullOrWhiteSpace(VolunteersWanted))
        {
            if (int.TryParse(VolunteersWanted.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MicroProject.MaxWanted)
            {
                wanted = n;
            }
            else
            {
                errors["VolunteersWanted"] = "collectives.projects.error.wanted";
            }
        }
        if (errors.Count > 0)
        {
            return false;
        }
        project.Title = title!;
        project.Description = description;
        project.Status = Status;
        project.VolunteersWanted = wanted;
        return true;
    }
}

/// <summary>Members volunteer for an open micro-project (while volunteers are wanted) and withdraw.</summary>
public sealed class Volunteering(AppDbContext db, TimeProvider clock)
{
    public enum Outcome
    {
        Done,
        NotFound,
        Closed,
        Full,
    }

    /// <summary>The member row of <paramref name="email"/> in the project's collective (a confirmed member), with the project.</summary>
    public async Task<(MicroProject Project, CollectiveMember Member)?> FindAsync(string email, Guid projectId, CancellationToken ct)
    {
        var project = await db.Set<MicroProject>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return null;
        }
        var member = await db.Set<CollectiveMember>().AsNoTracking()
            .FirstOrDefaultAsync(m => m.CollectiveId == project.CollectiveId && m.Email == email && m.Status == MemberStatus.Member, ct);
        return member is null ? null : (project, member);
    }

    public async Task<Outcome> VolunteerAsync(string email, Guid projectId, CancellationToken ct)
    {
        if (await FindAsync(email, projectId, ct) is not { } found)
        {
            return Outcome.NotFound;
        }
        var (project, member) = found;
        if (project.Status != MicroProjectStatus.Open)
        {
            return Outcome.Closed;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The project's row is locked (as a collective's row is for its places): members volunteering at the same
        // moment are counted one after the other, so the number wanted is never exceeded.
        await db.Set<MicroProject>().Where(p => p.Id == project.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Title, p => p.Title), ct);
        if (await db.Set<MicroProjectVolunteer>().AnyAsync(v => v.ProjectId == project.Id && v.MemberId == member.Id, ct))
        {
            return Outcome.Done; // volunteering twice is harmless
        }
        var count = await db.Set<MicroProjectVolunteer>().CountAsync(v => v.ProjectId == project.Id, ct);
        if (count >= (project.VolunteersWanted ?? MicroProject.MaxWanted))
        {
            return Outcome.Full;
        }
        db.Add(new MicroProjectVolunteer { ProjectId = project.Id, MemberId = member.Id, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome.Done;
    }

    public async Task<Outcome> WithdrawAsync(string email, Guid projectId, CancellationToken ct)
    {
        if (await FindAsync(email, projectId, ct) is not { } found)
        {
            return Outcome.NotFound;
        }
        var (project, member) = found;
        await db.Set<MicroProjectVolunteer>().Where(v => v.ProjectId == project.Id && v.MemberId == member.Id).ExecuteDeleteAsync(ct);
        return Outcome.Done;
    }
}

/// <summary>A citizen's volunteering, for "download my data".</summary>
public sealed class MicroProjectsCitizenData(AppDbContext db) : ICitizenDataPart
{
    public string Name => "microProjects";

    public async Task<object> ExportAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct) =>
        await (from v in db.Set<MicroProjectVolunteer>().AsNoTracking()
               join p in db.Set<MicroProject>().AsNoTracking() on v.ProjectId equals p.Id
               where memberIds.Contains(v.MemberId)
               orderby v.CreatedAt
               select new { memberId = v.MemberId, project = p.Title, status = p.Status.ToString(), volunteeredAt = v.CreatedAt })
            .Take(5000).ToListAsync(ct);

    public Task<int> EraseAsync(IReadOnlyList<Guid> memberIds, CancellationToken ct) =>
        db.Set<MicroProjectVolunteer>().Where(v => memberIds.Contains(v.MemberId)).ExecuteDeleteAsync(ct);
}

public static class MicroProjectsSetup
{
    public static IServiceCollection AddCollectiveMicroProjects(this IServiceCollection services)
    {
        services.AddScoped<Volunteering>();
        services.AddScoped<ICitizenDataPart, MicroProjectsCitizenData>();
        return services;
    }
}

/// <summary>What the form partial shows: the form, its errors (field → text key) and the submit button's text key.</summary>
public sealed record MicroProjectFormView(MicroProjectForm Form, IReadOnlyDictionary<string, string> Errors, string SubmitKey);
