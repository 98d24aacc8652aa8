namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>--force, which more than one area reads: each task that reads it declares it with <see cref="ReadsSettingsAttribute"/>; the description says what it overrides in each.</summary>
public static class ForceFlag
{
    public static readonly Setting Setting = new(
        "force", "RestoreArchive may overwrite existing files; RestoreData may replace non-empty data directories and restores again; Deploy runs compose even when every container is as the last deploy left it.", "false")
    {
        ReadBy = [],
    };
}
