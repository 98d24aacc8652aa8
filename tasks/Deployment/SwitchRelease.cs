using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(SwitchRelease))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Points the host's current link at the release just uploaded and built, in one atomic rename.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ChangesHost]
public sealed class SwitchRelease : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.DeploySession.Plan.SwitchSkipReason;

    public override void Run(BuildContext context)
    {
        var releases = ComposeStackFactory.RequireReleases(context.Stack, nameof(SwitchRelease));
        var release = context.DeploySession.Plan.NewRelease!;
        // A Deploy read the current release's manifest under its lock.
        var previous = context.DeploySession.Run.Host is { } host ? host.Manifest?.ReleaseId : releases.CurrentId();
        releases.Activate(release, previous);
        context.Log.Information(
            "current {0} release {1} (was {2}).",
            DryRunWording.Verb(context.DryRun, "point at", "points at"),
            release,
            previous ?? "none");
    }
}
