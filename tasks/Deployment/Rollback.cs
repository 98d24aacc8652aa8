using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Rollback))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Switches the host back to the previous release, rebuilds its images from the cache and brings it up (on a swarm: redeploys its stack).")]
[ChangesHost]
public sealed class Rollback : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var releases = ComposeStackFactory.RequireReleases(context, nameof(Rollback));
        var current = releases.CurrentId();
        var previous = releases.Previous()
            ?? throw new BuildInputException($"The host has no release before {current ?? "the current one"} to roll back to.");

        releases.Activate(previous, current);
        context.Log.Information("current {0} release {1} (was {2}).", DryRunWording.Verb(context.DryRun, "point at", "points at"), previous, current);

        // Images are tagged per service, not per release: the previous release's are built again, from the cache.
        context.Stack.Build([], pull: false, noCache: false, previous);
        context.Stack.Up([]);
        context.Stack.RecordImages(context.Stack.Ps());
        var health = context.Services.DeployedHealth;
        health.KeepSnapshot(health.Wait(context.Settings.Deploy.HealthTimeout));
    }
}
