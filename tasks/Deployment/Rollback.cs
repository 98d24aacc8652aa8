using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Rollback))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Switches the host back to the previous release, rebuilds its images from the cache and brings it up (on a swarm: redeploys its stack).")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location), nameof(StackSettings.Registry))]
[ChangesHost]
public sealed class Rollback : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var releases = ComposeStackFactory.RequireReleases(context.Stack, nameof(Rollback));
        var current = releases.CurrentId();
        if (releases.UnfinishedRollback(current) is { } unfinished)
        {
            // Going back from it again would skip a release: the cut Rollback's target is brought up instead.
            context.Log.Information("A Rollback to release {0} was cut off after its switch: {1} it up.", unfinished, DryRunWording.Verb(context.DryRun, "finish bringing", "finishing bringing"));
        }
        else
        {
            var previous = releases.Previous()
                ?? throw new BuildInputException($"The host has no release before {current ?? "the current one"} to roll back to.");
            releases.Activate(previous, current, rollingBack: true);
            context.Log.Information("current {0} release {1} (was {2}).", DryRunWording.Verb(context.DryRun, "point at", "points at"), previous, current);
            current = previous;
        }

        // Images are tagged per service, not per release: the previous release's are built again, from the cache.
        context.Stack.Build([], pull: false, noCache: false, current);
        context.Stack.Up([]);
        context.Stack.RecordImages(context.Stack.Ps());
        var health = context.Services.DeployedHealth;
        health.KeepSnapshot(health.Wait(context.Settings.Deploy.HealthTimeout));
        releases.FinishRollback();
    }
}
