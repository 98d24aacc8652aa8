using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(ShowStatus))]
[TaskCategory(TaskCategories.Checks)]
[TaskAlias("Status")]
[TaskDescription("Shows each service's state, health and image, and which release and commit is deployed.")]
public sealed class ShowStatus : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var stack = context.Stack;
        if (stack.Releases is { } releases)
        {
            var manifest = releases.CurrentManifest();
            context.Log.Information(
                manifest is null
                    ? "No release is deployed on the host yet."
                    : $"Release {manifest.ReleaseId} (commit {manifest.GitCommit ?? "none"}, deployed {manifest.CreatedUtc:u}), {manifest.Files.Count} files.");
        }

        var statuses = stack.Ps();
        if (statuses.Count == 0)
        {
            context.Log.Information("No container of compose project {0} on the {1}.", stack.Project.Name, stack.Location);
            return;
        }

        context.Log.Information("{0,-20} {1,-12} {2,-10} {3}", "SERVICE", "STATE", "HEALTH", "IMAGE");
        foreach (var status in statuses)
        {
            context.Log.Information(
                "{0,-20} {1,-12} {2,-10} {3}", status.Service, status.State, status.Health.ToString().ToLowerInvariant(), status.Image);
        }
    }
}
