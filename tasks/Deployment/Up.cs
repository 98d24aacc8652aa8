using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Up))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Starts the stack (up -d --remove-orphans, --services for a subset; on a swarm: docker stack deploy of the whole stack); recreates only what changed and says which.")]
[ChangesHost]
public sealed class Up : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        if (SnapshotHolds(context))
        {
            context.DeployRun = context.DeployRun with { SnapshotHeld = true, ContainersChanged = 0 };
            context.Log.Information(context.DryRun
                ? "Every container is as the last deploy of release {0} left it, running and healthy: compose would not run, nothing would change."
                : "Every container was as the last deploy of release {0} left it, running and healthy: compose did not run, nothing changed.",
                context.DeployRun.Upload!.ReleaseId);
            return;
        }

        var stack = context.Stack;
        var subset = context.Settings.Deploy.ServiceSubset;
        var compose = Declared(context);
        var mounted = MountedFilesChanged(context, compose, subset);
        // A Deploy read compose's containers under its lock, and building changed none of them; a swarm's tasks it did not read.
        var before = ByService(context.DeployRun.Host is { } host && stack.RunsContainersOnTheHost ? host.Containers : stack.Ps());
        stack.Up(subset);

        var running = stack.Ps();
        var after = ByService(running);
        var kept = mounted.Where(s => after.GetValueOrDefault(s) == before.GetValueOrDefault(s)).ToList();
        if (kept.Count > 0)
        {
            context.Log.Information("Files mounted by {0} changed: {1}.", string.Join(", ", kept), context.DryRun ? "would recreate" : "recreating");
            stack.Up(kept, forceRecreate: true);
            running = stack.Ps();
            after = ByService(running);
        }

        stack.RecordImages(running);

        var changes = context.DryRun ? Foreseen(compose.Services, subset, before, kept) : Observed(before, after);
        context.DeployRun = context.DeployRun with { ContainersChanged = changes.Count, WholeStackUp = subset.Count == 0 };
        if (changes.Count == 0)
        {
            context.Log.Information(context.DryRun
                ? "Every container is up to date: nothing would change."
                : "Every container was up to date: nothing changed.");
        }

        foreach (var (service, change) in changes)
        {
            context.Log.Information(
                change == "removed" ? "{0}: {1}{2}" : "{0}: container {1}{2}",
                service,
                context.DryRun ? "would be " : string.Empty,
                change);
        }

        if (context.DryRun && context.DeployRun.NewRelease is { } release)
        {
            context.Log.Information("Compose also recreates every other service whose configuration or image release {0} changes.", release);
        }
    }

    /// <summary>
    /// Whether a Deploy whose release did not change can skip compose: every container is still the
    /// one the last deploy left, running and healthy, so compose would find nothing to do. Any
    /// drift is named and runs compose as before; --force runs it without asking.
    /// </summary>
    private static bool SnapshotHolds(BuildContext context)
    {
        var run = context.DeployRun;
        // The snapshot describes compose's containers; a swarm's tasks are compared by Swarm itself.
        if (run.Host is not { } host || run.Upload is not { Unchanged: true } || !context.Stack.RunsContainersOnTheHost)
        {
            return false;
        }

        if (context.Settings.Deploy.Forced)
        {
            context.Log.Information("{0}: compose runs whatever the last deploy left.", Backup.ArchiveSettings.ForceSetting.Option);
            return false;
        }

        var drift = host.Drift(context.Stack.Project.Name, context.Settings.Compose.ComposeFiles, context.Settings.Compose.Implementation);
        foreach (var difference in drift)
        {
            context.Log.Information("Not as the last deploy left it: {0}.", difference);
        }

        return drift.Count == 0;
    }

    /// <summary>What a real run did: containers whose id changed, appeared or went away.</summary>
    private static List<(string Service, string Change)> Observed(Dictionary<string, string> before, Dictionary<string, string> after) =>
    [
        .. after.Where(c => before.GetValueOrDefault(c.Key) != c.Value)
            .Select(c => (c.Key, before.ContainsKey(c.Key) ? "recreated" : "created")),
        .. before.Keys.Except(after.Keys).Select(service => (service, "removed")),
    ];

    /// <summary>
    /// What a dry run can tell without starting anything: services without a container get one,
    /// services whose mounted files changed are recreated, and containers of services the compose
    /// files no longer declare are removed.
    /// </summary>
    private static List<(string Service, string Change)> Foreseen(
        IReadOnlyCollection<string> declared, IReadOnlyList<string> subset, Dictionary<string, string> before, IReadOnlyList<string> recreated)
    {
        var wanted = subset.Count == 0 ? declared : declared.Intersect(subset).ToList();
        return
        [
            .. wanted.Where(service => !before.ContainsKey(service)).Select(service => (service, "created")),
            .. recreated.Where(before.ContainsKey).Select(service => (service, "recreated")),
            .. subset.Count == 0 ? before.Keys.Except(declared).Select(service => (service, "removed")) : [],
        ];
    }

    private static Dictionary<string, string> ByService(IEnumerable<ServiceStatus> containers) =>
        containers.GroupBy(s => s.Service).ToDictionary(g => g.Key, g => string.Join(",", g.Select(s => s.ContainerId).Order()));

    private static BindMounts Declared(BuildContext context) =>
        BindMounts.Read(context.Settings.StackDirectory, context.Settings.Compose.ComposeFiles);

    /// <summary>Services that bind-mount a file this run's release changed: compose cannot see that change itself.</summary>
    private static IReadOnlyList<string> MountedFilesChanged(BuildContext context, BindMounts compose, IReadOnlyList<string> subset)
    {
        if (context.DeployRun.Upload is not { Unchanged: false } upload)
        {
            return [];
        }

        var services = compose.ServicesUsing(upload.Uploaded);
        return subset.Count == 0 ? services : services.Intersect(subset).ToList();
    }
}
