using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Deployment.Stacks;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Up))]
[TaskDescription("Starts the stack (up -d --remove-orphans, --services for a subset); recreates only what changed and says which.")]
public sealed class Up : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var stack = context.Stack;
        var services = context.Settings.Deploy.ServiceSubset;
        var before = Containers(stack);
        stack.Up(services);

        var after = Containers(stack);
        var kept = MountedFilesChanged(context, services).Where(s => after.GetValueOrDefault(s) == before.GetValueOrDefault(s)).ToList();
        if (kept.Count > 0)
        {
            context.Log.Information("Files mounted by {0} changed: recreating.", string.Join(", ", kept));
            stack.Up(kept, forceRecreate: true);
            after = Containers(stack);
        }

        var changed = after.Where(c => before.GetValueOrDefault(c.Key) != c.Value).Select(c => c.Key).ToList();
        var removed = before.Keys.Except(after.Keys).ToList();
        context.ContainersChanged = changed.Count + removed.Count;
        if (context.DryRun)
        {
            return;
        }

        if (context.ContainersChanged == 0)
        {
            context.Log.Information("Every container was up to date: nothing changed.");
            return;
        }

        foreach (var service in changed)
        {
            context.Log.Information("{0}: container {1}", service, before.ContainsKey(service) ? "recreated" : "created");
        }

        foreach (var service in removed)
        {
            context.Log.Information("{0}: removed", service);
        }
    }

    private static Dictionary<string, string> Containers(IComposeStack stack) =>
        stack.Ps().GroupBy(s => s.Service).ToDictionary(g => g.Key, g => string.Join(",", g.Select(s => s.ContainerId).Order()));

    /// <summary>Services that bind-mount a file this run's release changed: compose cannot see that change itself.</summary>
    private static IReadOnlyList<string> MountedFilesChanged(BuildContext context, IReadOnlyList<string> subset)
    {
        if (context.Upload is not { Unchanged: false } upload)
        {
            return [];
        }

        var settings = context.Settings;
        var services = BindMounts.Read(settings.StackDirectory, settings.Compose.ComposeFiles).ServicesUsing(upload.Uploaded);
        return subset.Count == 0 ? services : services.Intersect(subset).ToList();
    }
}
