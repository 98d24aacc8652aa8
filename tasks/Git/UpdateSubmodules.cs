using Cake.Core.Diagnostics;
using LibGit2Sharp;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Git;

[TaskName(nameof(UpdateSubmodules))]
[TaskCategory(TaskCategories.Deploy)]
[TaskAlias("Submodules")]
[TaskDescription("Initialises and updates the stack repository's submodules (--submodules=recorded|remote); refuses a submodule with local changes.")]
[ThisMachineOnly]
public sealed class UpdateSubmodules : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) =>
        Repository.Discover(context.Settings.StackDirectory) is null
            ? $"the stack {context.Settings.StackDirectory} is not in a git repository: no submodules to update."
            : null;

    public override void Run(BuildContext context)
    {
        var workingDirectory = new Repository(Repository.Discover(context.Settings.StackDirectory)).Info.WorkingDirectory;
        var results = context.Services.Submodules.Update(workingDirectory, context.Settings.Git.SubmoduleMode, context.DryRun);
        foreach (var result in results)
        {
            var verb = DryRunWording.Verb(context.DryRun, "move", "moved");
            context.Log.Information(
                result.Changed ? "{0}: {1} {2} -> {3}" : "{0}: unchanged at {3}",
                result.Path,
                verb,
                Short(result.OldCommit) ?? "(not cloned)",
                Short(result.NewCommit));
        }

        var changed = results.Count(r => r.Changed);
        context.Log.Information(
            changed == 0 ? "Submodules: {0} checked, nothing to change." : "Submodules: {0} checked, {1} {2}.",
            results.Count,
            changed,
            DryRunWording.Verb(context.DryRun, "change", "changed"));
    }

    private static string? Short(string? commit) => commit?[..Math.Min(10, commit.Length)];
}
