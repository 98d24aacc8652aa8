using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>Duplicity command lines for the host's shell, built from one set of options so that the cron job and the checks agree.</summary>
public static class DuplicityCommand
{
    /// <summary>
    /// C locale and UTC: duplicity prints its dates with the host's time zone and its messages in the
    /// host's language, and the parsers read the C wording in UTC.
    /// </summary>
    public const string Environment = "LC_ALL=C TZ=UTC";

    /// <summary>The incremental backup the cron job runs (a full one when the last full is older than --full-if-older-than).</summary>
    public static string Backup(DuplicityOptions options) => Join(
        "incr",
        ["--full-if-older-than", options.FullIfOlderThan, "--volsize", options.VolsizeMb.ToString(CultureInfo.InvariantCulture), "--asynchronous-upload",
         .. Encryption(options), .. Selection(options), options.SourceDirectory, options.Target]);

    public static string CollectionStatus(DuplicityOptions options) =>
        Join("collection-status", [.. Encryption(options), options.Target]);

    public static string Verify(DuplicityOptions options) =>
        Join("verify", ["--compare-data", .. Encryption(options), .. Selection(options), options.Target, options.SourceDirectory]);

    public static string ListCurrentFiles(DuplicityOptions options) =>
        Join("list-current-files", [.. Encryption(options), options.Target]);

    /// <summary>Restores one path (relative to the source directory) to <paramref name="destination"/>, a shell word (quoted or a variable).</summary>
    public static string Restore(DuplicityOptions options, string relativePath, string destination) =>
        Join("restore", [.. Encryption(options), "--file-to-restore", relativePath, options.Target]) + " " + destination;

    private static string Join(string action, IEnumerable<string> arguments) =>
        "duplicity " + action + " " + ShellQuote.Join(arguments);

    /// <summary>How the backups are encrypted and how the backend is reached: every action needs both.</summary>
    private static IEnumerable<string> Encryption(DuplicityOptions options) =>
        (options.S3Unencrypted ? ["--s3-unencrypted-connection"] : Array.Empty<string>()).Concat(
            options.NoEncryption ? ["--no-encryption"]
            : options.EncryptKey is { } key ? ["--encrypt-key", key]
            : []);

    private static IEnumerable<string> Selection(DuplicityOptions options) =>
        [.. options.Includes.SelectMany(include => new[] { "--include", include }), "--exclude", "**"];
}
