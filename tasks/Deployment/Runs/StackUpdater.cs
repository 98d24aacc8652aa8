using PrivateCloud.Tasks.Deployment.Planning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Deployment.Runs;

/// <summary>One service's container that an update created, recreated or removed (in a dry run: would).</summary>
public sealed record ContainerChange(string Service, string Change);

/// <summary>
/// Brings the stack up as the plan says and tells which containers that changed. With a whole-stack
/// plan: compose's up, then a forced recreate of each service whose mounted files the new release
/// changed and that compose left alone. With a named plan: one forced <c>up --no-deps</c> of the
/// services that differ, so their dependents keep running, or no compose at all when none does.
/// </summary>
/// <param name="declared">The services the compose files declare and the files they bind-mount, read when needed.</param>
public sealed class StackUpdater(IComposeStack stack, Func<BindMounts> declared, bool dryRun, Action<string> log)
{
    /// <param name="read">The containers the run read before (a Deploy under its lock: building changed none); null reads them now.</param>
    /// <param name="subset">--services; empty for the whole stack.</param>
    public IReadOnlyList<ContainerChange> Update(DeployPlan plan, IReadOnlyList<string> subset, IReadOnlyList<ServiceStatus>? read)
    {
        var before = ByService(read ?? stack.Ps());
        var named = plan.Up == UpMethod.WholeStack ? null : Named(plan);
        IReadOnlyList<string> recreated;
        IReadOnlyList<ServiceStatus>? running = null;
        if (named is null)
        {
            stack.Up(subset);
            running = stack.Ps();
            var afterUp = ByService(running);
            recreated = plan.MountedFilesChanged.Where(s => afterUp.GetValueOrDefault(s) == before.GetValueOrDefault(s)).ToList();
            if (recreated.Count > 0)
            {
                log($"Files mounted by {string.Join(", ", recreated)} changed: {DryRunWording.Verb(dryRun, "recreate", "recreating")}.");
                stack.Up(recreated, forceRecreate: true);
                running = null;
            }
        }
        else
        {
            recreated = named;
            if (named.Count > 0)
            {
                log($"{DryRunWording.Pick(dryRun, "Would recreate", "Recreating")} {string.Join(", ", named)} alone: no other service differs from what runs.");
                stack.Up(named, forceRecreate: true);
            }
        }

        running ??= stack.Ps();
        stack.RecordImages(running);
        return dryRun ? Foreseen(declared().Services, subset, before, recreated) : Observed(before, ByService(running));
    }

    /// <summary>
    /// The services a named plan recreates: the plan's own, and after a change compose reads, each
    /// that the new release configures otherwise than the previous one, or newly. Null when compose
    /// must judge the whole stack after all: only a service the new release dropped differs, and
    /// only a whole-stack up removes its container (a named one does so in passing).
    /// A dry run switched to no release compose could read: it names the plan's own.
    /// </summary>
    private List<string>? Named(DeployPlan plan)
    {
        if (plan.Up != UpMethod.NamedAfterHashes || dryRun)
        {
            return [.. plan.Recreate];
        }

        var now = stack.ConfigHashes();
        var before = plan.PreviousRelease is { } previous ? stack.ConfigHashes(previous) : new Dictionary<string, string>();
        var reconfigured = now.Where(service => before.GetValueOrDefault(service.Key) != service.Value).Select(service => service.Key);
        List<string> named = [.. plan.Recreate.Union(reconfigured).Order(StringComparer.Ordinal)];
        return named.Count == 0 && before.Keys.Except(now.Keys).Any() ? null : named;
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
