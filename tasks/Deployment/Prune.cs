using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Prune))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Removes the stack's stopped containers and its dangling images no kept release needs (on a swarm: its stopped tasks and old image tags, on the manager); Rollback keeps working; other projects' are never touched.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ChangesHost]
public sealed class Prune : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var stack = context.Stack;
        var plan = context.Services.Pruner.Prune();
        foreach (var change in plan.Changes)
        {
            context.Log.Information("  {0}", change.Describe(context.DryRun));
        }

        foreach (var (image, release) in plan.KeptForReleases)
        {
            context.Log.Information("  kept {0} ({1}): release {2} needs it for a rollback", image.Description, image.Size, release);
        }

        if (plan.ImagesUntouchedBecause is { } reason)
        {
            context.Log.Warning("No image removed: {0}", reason);
        }

        context.Log.Information(
            plan.Changes.Count == 0 ? "Nothing to prune in {3} {0} ({1})."
            : DryRunWording.Pick(context.DryRun, "Prune would make {2} change(s) to {3} {0} ({1}).", "Pruned {3} {0} ({1}): {2} change(s)."),
            stack.Project.Name,
            stack.Location,
            plan.Changes.Count,
            stack.Kind);
        if (stack.PruneLimits is { } limits)
        {
            context.Log.Information(limits);
        }
    }
}
