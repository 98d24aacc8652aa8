using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Checks;

[TaskName(nameof(Doctor))]
[TaskCategory(TaskCategories.Checks)]
[TaskDescription("Runs every check (ShowStatus, CheckDiskUsage, CheckEndpoints) and sums them up, one line each; --format=json, --report=<file.html>; the exit code is the worst state.")]
[ReadsHost]
public sealed class Doctor : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var health = context.Services.Health;
        health.Output.Show(health.Runner.Run(health.All, CancellationToken.None), nameof(Doctor));
    }
}
