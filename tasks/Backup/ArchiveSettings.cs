using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Backup;

/// <summary>Where ArchiveSecrets writes and what VerifyArchive and RestoreArchive read.</summary>
public sealed record ArchiveSettings(string ArtifactsDirectory, string? Archive, string? To, bool Force)
{
    public static readonly Setting Artifacts = new("artifacts", "Directory ArchiveSecrets writes secrets-<UTC time>.tar.gz into.", "artifacts")
    {
        ReadBy = [nameof(ArchiveSecrets)],
    };

    public static readonly Setting ArchiveSetting = new("archive", "The secrets archive VerifyArchive checks and RestoreArchive restores.")
    {
        ReadBy = [nameof(VerifyArchive), nameof(RestoreArchive)],
    };

    public static readonly Setting RestoreTo = new("restore-to", "The directory RestoreArchive restores into.")
    {
        ReadBy = [nameof(RestoreArchive)],
    };

    public static readonly Setting ForceSetting = new(
        "force", "RestoreArchive may overwrite existing files; Deploy runs compose even when every container is as the last deploy left it.", "false")
    {
        ReadBy = [nameof(RestoreArchive), nameof(Deployment.Deploy)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [Artifacts, ArchiveSetting, RestoreTo, ForceSetting];

    public static ArchiveSettings Read(SettingSources sources) => new(
        Path.GetFullPath(SettingPaths.Expand(sources.Get(Artifacts)!)),
        sources.Find(ArchiveSetting) is { } archive ? Path.GetFullPath(SettingPaths.Expand(archive.Value)) : null,
        sources.Get(RestoreTo),
        sources.GetFlag(ForceSetting));

    public string RequireArchive(string task) => Archive ?? throw new BuildInputException(
        $"{task} needs {ArchiveSetting.Option}, the secrets archive, e.g. {ArchiveSetting.Option}=artifacts/secrets-20260101T000000Z.tar.gz.");

    public string RequireDirectory(string task) => To is { } to
        ? Path.GetFullPath(SettingPaths.Expand(to))
        : throw new BuildInputException($"{task} needs {RestoreTo.Option}=<directory>: where to restore the files.");
}
