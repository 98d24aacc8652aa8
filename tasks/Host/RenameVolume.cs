using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(RenameVolume))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("Copies named volume --from into new volume --to with a --helper-image container and checks the copy; refuses while a container uses either; --remove-source --confirm removes the source.")]
[ReadsSettings(typeof(ConfirmFlag), nameof(ConfirmFlag.Setting))]
[ChangesHost]
public sealed class RenameVolume : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Host.Maintenance;
        var from = settings.FromVolume ?? throw Missing(MaintenanceSettings.From, "mail_data");
        var to = settings.ToVolume ?? throw Missing(MaintenanceSettings.To, "mail_data_new");
        var changes = context.Services.VolumeRenamer.Rename(from, to, settings.Helper, settings.RemoveSourceVolume, context.Settings.Deploy.Confirmed);
        context.Services.HostChanges.Report("Rename volume", changes);
    }

    private static BuildInputException Missing(Plumbing.Settings.Setting setting, string example) =>
        new($"RenameVolume needs {setting.Option}, e.g. {setting.Option}={example} (or {setting.EnvironmentVariable}).");
}
