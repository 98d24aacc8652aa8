using PrivateCloud.Tasks.Deployment.Planning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Deployment.Runs;

/// <summary>One service's container that an update created, recreated or removed (in a dry run: would).</summary>
public sealed record ContainerChange(string Service, string Change);

/// <summary>
/// Brings the stack up as the plan says and tells which containers that changed: compose's up, then
/// a forced recreate of each service whose mounted files the new release changed and that compose left alone.
/// </summary>
/// <param name="declared">The services the compose files declare and the files they bind-mount, read when needed.</param>
public sealed class StackUpdater(IComposeStack stack, Func<BindMounts> declared, bool dryRun, Action<string> log)
{
    /// <param name="read">The containers the run read before (a Deploy under its lock: building changed none); null reads them now.</param>
    /// <param name="subset">--services; empty for the whole stack.</param>
    public IReadOnlyList<ContainerChange> Update(DeployPlan plan, IReadOnlyList<string> subset, IReadOnlyList<ServiceStatus>? read)
    {
        var before = ByService(read ?? stack.Ps());
        stack.Up(subset);

        var running = stack.Ps();
        var after = ByService(running);
        var kept = plan.MountedFilesChanged.Where(s => after.GetValueOrDefault(s) == before.GetValueOrDefault(s)).ToList();
        if (kept.Count > 0)
        {
            log($"Files mounted by {string.Join(", ", kept)} changed: {(dryRun ? "would recreate" : "recreating")}.");
            stack.Up(kept, forceRecreate: true);
            running = stack.Ps();
            after = ByService(running);
        }

        stack.RecordImages(running);
        return dryRun ? Foreseen(declared().Services, subset, before, kept) : Observed(before, after);
    }

    /// <summary>What a real run did: containers whose id changed, appeared or went away.</summary>
    private static List<ContainerChange> Observed(Dictionary<string, string> before, Dictionary<string, string> after) =>
    [
        .. after.Where(c => before.GetValueOrDefault(c.Key) != c.Value)
            .Select(c => new ContainerChange(c.Key, before.ContainsKey(c.Key) ? "recreated" : "created")),
        .. before.Keys.Except(after.Keys).Select(service => new ContainerChange(service, "removed")),
    ];

    /// <summary>
    /// What a dry run can tell without starting anything: services without a container get one,
    /// services whose mounted files changed are recreated, and containers of services the compose
    /// files no longer declare are removed.
    /// </summary>
    private static List<ContainerChange> Foreseen(
        IReadOnlyCollection<string> declared, IReadOnlyList<string> subset, Dictionary<string, string> before, IReadOnlyList<string> recreated)
    {
        var wanted = subset.Count == 0 ? declared : declared.Intersect(subset).ToList();
        return
        [
            .. wanted.Where(service => !before.ContainsKey(service)).Select(service => new ContainerChange(service, "created")),
            .. recreated.Where(before.ContainsKey).Select(service => new ContainerChange(service, "recreated")),
            .. subset.Count == 0 ? before.Keys.Except(declared).Select(service => new ContainerChange(service, "removed")) : [],
        ];
    }

    private static Dictionary<string, string> ByService(IEnumerable<ServiceStatus> containers) =>
        containers.GroupBy(s => s.Service).ToDictionary(g => g.Key, g => string.Join(",", g.Select(s => s.ContainerId).Order()));
}
