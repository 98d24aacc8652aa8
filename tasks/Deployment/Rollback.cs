using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Health;
using PrivateCloud.Tasks.Deployment.Stacks;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Rollback))]
[TaskDescription("Switches the host back to the previous release, rebuilds its images from the cache and brings it up.")]
public sealed class Rollback : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var remote = ComposeStackFactory.RequireRemote(context, nameof(Rollback));
        if (context.DryRun)
        {
            context.Log.Information("Would switch current back to the release before it, rebuild its images and bring it up.");
            return;
        }

        var current = remote.Releases.CurrentId();
        var previous = remote.Releases.Previous()
            ?? throw new BuildInputException($"The host has no release before {current ?? "the current one"} to roll back to.");

        remote.Releases.Activate(previous);
        context.Log.Information("current {0} release {1} (was {2}).", context.DryRun ? "would point at" : "points at", previous, current);

        // Images are tagged per service, not per release: the previous release's are built again, from the cache.
        remote.Build([], pull: false, noCache: false);
        remote.Up([]);
        ServiceHealth.Ensure(context);
    }
}
