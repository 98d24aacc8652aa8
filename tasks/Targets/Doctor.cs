using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Host;

namespace PrivateCloud.Tasks.Targets;

[TaskName(nameof(Doctor))]
[TaskCategory(TaskCategories.Checks)]
[TaskDescription("Runs every check (ShowStatus, CheckDiskUsage, CheckEndpoints) and sums them up, one line each; --format=json, --report=<file.html>; the exit code is the worst state.")]
[ReadsSettings(typeof(HostSettings), nameof(HostSettings.DiskWarn), nameof(HostSettings.DiskFail), nameof(HostSettings.DataMountsSetting))]
[ReadsSettings(typeof(CheckSettings), nameof(CheckSettings.Definitions))]
[ReadsSettings(typeof(DataDiskSettings), nameof(DataDiskSettings.SingleDiskSetting))]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ReadsHost]
public sealed class Doctor : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var health = context.Services.Health;
        health.Output.Show(health.Runner.Run(context.Services.DoctorChecks, CancellationToken.None), nameof(Doctor));
    }
}
