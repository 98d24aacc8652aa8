namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>--confirm, which more than one area reads: each task that reads it declares it with <see cref="ReadsSettingsAttribute"/>.</summary>
public static class ConfirmFlag
{
    public static readonly Setting Setting = new(
        "confirm", "Down only stops the stack, Recreate --reset-volume only deletes the volume, and RenameVolume --remove-source only removes the source, when given.", "false")
    {
        ReadBy = [],
    };
}
