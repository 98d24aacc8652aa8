using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Deployment.Planning;
using PrivateCloud.Tasks.Deployment.Runs;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Up))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Starts the stack (up -d --remove-orphans, --services for a subset; on a swarm: docker stack deploy of the whole stack); recreates only what changed and says which.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location), nameof(StackSettings.Registry))]
[ChangesHost]
public sealed class Up : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.DeploySession.Plan.UpSkipReason;

    public override void Run(BuildContext context)
    {
        var session = context.DeploySession;
        var subset = context.Settings.Deploy.ServiceSubset;
        // A Deploy read compose's containers under its lock; a swarm's tasks it did not read.
        var read = session.Run.Host is { } host && context.Stack.RunsContainersOnTheHost ? host.Containers : null;
        var changes = context.Services.StackUpdater.Update(session.Plan, subset, read);
        session.Run = session.Run with { ContainersChanged = changes.Count, WholeStackUp = subset.Count == 0 };
        if (changes.Count == 0)
        {
            context.Log.Information(DryRunWording.Pick(
                context.DryRun, "Every container is up to date: nothing would change.", "Every container was up to date: nothing changed."));
        }

        foreach (var (service, change) in changes)
        {
            context.Log.Information(
                change == "removed" ? "{0}: {1}" : "{0}: container {1}",
                service,
                DryRunWording.Verb(context.DryRun, "be " + change, change));
        }

        if (context.DryRun && session.Plan is { NewRelease: { } release, Up: not UpMethod.Named })
        {
            context.Log.Information("Compose also recreates every other service whose configuration or image release {0} changes.", release);
        }
    }
}
