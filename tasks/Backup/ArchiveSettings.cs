using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

/// <summary>Where ArchiveSecrets writes and what VerifyArchive and RestoreArchive read, and the passphrase that encrypts it.</summary>
public sealed record ArchiveSettings(string ArtifactsDirectory, string? Archive, string? To, bool Force, string? Passphrase)
{
    /// <summary>Shorter ones a guess could find despite the S2K's cost; longer ones are also always masked in the output.</summary>
    public const int MinimumPassphraseLength = 12;

    public static readonly Setting Artifacts = new("artifacts", "Directory ArchiveSecrets writes secrets-<UTC time>.tar.gz.gpg into.", "artifacts")
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

    public static readonly Setting ArchivePassphrase = new(
        "archive-passphrase",
        $"The passphrase the secrets archive is encrypted with (OpenPGP, AES-256; gpg -d opens it), at least {MinimumPassphraseLength} characters; not the backup passphrase, which the host keeps.")
    {
        ReadBy = [nameof(ArchiveSecrets), nameof(VerifyArchive), nameof(RestoreArchive)],
        Secret = true,
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [Artifacts, ArchiveSetting, RestoreTo, ForceFlag.Setting, ArchivePassphrase];

    public static ArchiveSettings Read(SettingSources sources) => new(
        Path.GetFullPath(SettingPaths.Expand(sources.Get(Artifacts)!)),
        sources.Find(ArchiveSetting) is { } archive ? Path.GetFullPath(SettingPaths.Expand(archive.Value)) : null,
        sources.Get(RestoreTo),
        sources.GetFlag(ForceFlag.Setting),
        sources.Get(ArchivePassphrase));

    public string RequireArchive(string task) => Archive ?? throw new BuildInputException(
        $"{task} needs {ArchiveSetting.Option}, the secrets archive, e.g. {ArchiveSetting.Option}=artifacts/secrets-20260101T000000Z.tar.gz.gpg.");

    /// <summary>The passphrase to open an archive with: any length, since gpg may have made the file.</summary>
    public string RequirePassphrase(string task) => string.IsNullOrEmpty(Passphrase)
        ? throw new BuildInputException(
            $"{task} needs {ArchivePassphrase.EnvironmentVariable} (environment or .env), the passphrase the secrets archive is encrypted with.")
        : Passphrase;

    /// <summary>The passphrase to encrypt a new archive with, refused when too short to withstand guessing.</summary>
    public string RequireNewPassphrase(string task)
    {
        var passphrase = RequirePassphrase(task);
        return passphrase.Length >= MinimumPassphraseLength
            ? passphrase
            : throw new BuildInputException(
                $"{task}: {ArchivePassphrase.EnvironmentVariable} has {passphrase.Length} characters; give it at least {MinimumPassphraseLength}, e.g. four random words.");
    }

    public string RequireDirectory(string task) => To is { } to
        ? Path.GetFullPath(SettingPaths.Expand(to))
        : throw new BuildInputException($"{task} needs {RestoreTo.Option}=<directory>: where to restore the files.");
}
