using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Disk;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// Puts releases of the stack on the target under <c>&lt;remoteDirectory&gt;/releases/&lt;id&gt;/</c>
/// with <c>&lt;remoteDirectory&gt;/current</c> a symbolic link to the active one. Files that did not
/// change are hard links to the current release's copies, so a release costs only what changed,
/// and the changed files travel as one compressed tar stream. A release appears under its final
/// name only once complete.
/// </summary>
public sealed class ReleaseStore(RemoteShell shell, string remoteDirectory, Action<string> log)
{
    private const string CurrentLink = "current";
    private const string ActivatedMarker = ".activated";

    /// <summary>Beside <c>current</c>: the release a Rollback switched to, until it is up and healthy.</summary>
    public const string RollbackFile = ".rollback-target";

    /// <summary>What tar, cp and mkdir say on a full disk (English or C locale).</summary>
    private const string NoSpace = "No space left on device";

    private readonly string _root = remoteDirectory.TrimEnd('/');

    public string RemoteDirectory => _root;

    /// <summary>The host the releases are on, for messages.</summary>
    public SshTarget Target => shell.Target;

    /// <summary>Which images the releases ran, for Prune.</summary>
    public ReleaseImages Images => field ??= new(shell, _root);

    /// <summary>The path compose runs in: it stays the same across releases.</summary>
    public string CurrentPath => $"{_root}/{CurrentLink}";

    public string ReleasePath(string releaseId) => ReleaseCommands.ReleasePath(_root, CheckedId(releaseId));

    /// <summary>
    /// Uploads the files of <paramref name="manifest"/> from <paramref name="stackDirectory"/> as a
    /// new, not yet active release. Nothing is sent or created when the current release holds the
    /// same files.
    /// </summary>
    public UploadResult Upload(string stackDirectory, ReleaseManifest manifest) => Upload(stackDirectory, manifest, CurrentManifest());

    /// <param name="current">The current release's manifest, already read (null: there is none).</param>
    public UploadResult Upload(string stackDirectory, ReleaseManifest manifest, ReleaseManifest? current)
    {
        if (current is not null && current.SameContentAs(manifest))
        {
            log($"Release {current.ReleaseId} on {shell.Target} already holds these {manifest.Files.Count} files: nothing to upload.");
            return new UploadResult(current.ReleaseId, Unchanged: true, [], [], 0);
        }

        var previousFiles = current?.Files.ToDictionary(file => file.Path) ?? [];
        List<ReleaseFile> candidates = current is null ? [] : [.. manifest.Files.Where(file => previousFiles.GetValueOrDefault(file.Path)?.SameAs(file) == true)];
        // A real upload checks the previous copies as it links them, in the same command; a dry run reads them on its own.
        var linked = shell.DryRun && candidates.Count > 0 ? Intact(current!.ReleaseId, candidates) : candidates;
        var uploaded = manifest.Files.Except(linked).ToList();
        var partial = ReleasePath(manifest.ReleaseId) + ReleaseCommands.PartialSuffix;
        var archive = Archive(stackDirectory, uploaded, manifest);
        var sentBytes = archive.Length;
        try
        {
            var edited = Send(manifest.ReleaseId, current?.ReleaseId, linked, archive);
            if (edited.Count > 0)
            {
                linked = [.. linked.Where(file => !edited.Contains(file.Path))];
                uploaded = manifest.Files.Except(linked).ToList();
                var again = Archive(stackDirectory, [.. uploaded.Where(file => edited.Contains(file.Path))], manifest);
                shell.Run(ReleaseCommands.SendEdited(_root, manifest.ReleaseId, again));
                sentBytes += again.Length;
            }
        }
        catch (RemoteCommandException failure)
        {
            throw Abandon(partial, uploaded, failure);
        }

        return new UploadResult(manifest.ReleaseId, Unchanged: false, [.. uploaded.Select(f => f.Path)], [.. linked.Select(f => f.Path)], sentBytes)
        {
            LinkedFrom = current?.ReleaseId,
            Manifest = manifest,
        };
    }

    /// <summary>Makes the release in one command (<see cref="ReleaseCommands.Upload"/>) and reports what it found.</summary>
    /// <returns>The files whose previous copy was edited on the host since: they must be sent before the release is finished.</returns>
    private HashSet<string> Send(string releaseId, string? previousId, IReadOnlyList<ReleaseFile> linked, byte[] archive)
    {
        var edited = new HashSet<string>(StringComparer.Ordinal);
        var output = shell.Run(ReleaseCommands.Upload(_root, CheckedId(releaseId), previousId is null ? null : CheckedId(previousId), linked, archive));
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(ReleaseCommands.StaleLine, StringComparison.Ordinal))
            {
                log($"Removed {line[ReleaseCommands.StaleLine.Length..]} on {shell.Target}, left by an upload that was cut off.");
            }
            else if (line.StartsWith(ReleaseCommands.EditedLine, StringComparison.Ordinal))
            {
                edited.Add(line[ReleaseCommands.EditedLine.Length..]);
                LogEdited(previousId!, line[ReleaseCommands.EditedLine.Length..]);
            }
        }

        return edited;
    }

    private void LogEdited(string previousId, string path) =>
        log($"Release {previousId}'s copy of {path} on {shell.Target} no longer has the hash it was released with: uploading it again.");

    /// <summary>
    /// Points <c>current</c> at the release. The new link is made beside it and renamed over it, so
    /// at every moment <c>current</c> is the old or the new release, never missing. False when it
    /// already pointed there.
    /// </summary>
    public bool Activate(string releaseId) => Activate(releaseId, CurrentId());

    /// <param name="current">The current release as this run, holding the deploy lock, already read it.</param>
    /// <param name="rollingBack">
    /// A Rollback's switch: it records its target until <see cref="FinishRollback"/>, so that a Rollback cut off after
    /// the switch is finished by the next one (<see cref="UnfinishedRollback"/>) instead of going one release further back.
    /// Any other switch forgets an unfinished Rollback.
    /// </param>
    public bool Activate(string releaseId, string? current, bool rollingBack = false)
    {
        if (current == releaseId)
        {
            log($"Release {releaseId} is already current on {shell.Target}.");
            return false;
        }

        // The marker makes a release a Rollback target: only one that was built and switched to gets it.
        // The release being left was switched to once, even if before markers existed.
        shell.Run(ReleaseCommands.Activate(_root, CurrentPath, CheckedId(releaseId), ActivatedMarker, RollbackPath, rollingBack ? releaseId : null));
        return true;
    }

    /// <summary>
    /// The release a Rollback switched to and did not see up and healthy, when it is still current: the run
    /// was cut off after its switch, and the next Rollback finishes bringing it up. Null otherwise.
    /// </summary>
    /// <param name="current">The current release, as the run read it.</param>
    public string? UnfinishedRollback(string? current)
    {
        var target = shell.Read(ReleaseCommands.ReadRollbackTarget(RollbackPath)).Trim();
        return current is not null && target == current ? current : null;
    }

    /// <summary>Forgets the Rollback's target once the release it switched to is up and healthy.</summary>
    public void FinishRollback() => shell.Run(ReleaseCommands.ForgetRollbackTarget(RollbackPath));

    private string RollbackPath => $"{_root}/{RollbackFile}";

    /// <summary>The active release, or null when none was activated yet.</summary>
    public string? CurrentId()
    {
        var link = shell.Read(ReleaseCommands.CurrentTarget(CurrentPath)).Trim();
        var id = Path.GetFileName(link);
        return ReleaseManifest.IsReleaseId(id) ? id : null;
    }

    /// <summary>Complete releases, oldest first; unfinished <c>.partial</c> ones are left out.</summary>
    public IReadOnlyList<string> Releases() => ParseReleases(shell.Read(ReleasesListing));

    /// <summary>Lists the releases directory; <see cref="ParseReleases"/> reads its output.</summary>
    internal RemoteCommand ReleasesListing => ReleaseCommands.ListReleases(ReleasesDirectory);

    private string ReleasesDirectory => ReleaseCommands.ReleasesDirectory(_root);

    internal static IReadOnlyList<string> ParseReleases(string listing) =>
        [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(ReleaseManifest.IsReleaseId)
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The release switched to before the current one, to roll back to; null when there is none. A
    /// release whose build failed, or that was never switched to, is never one.
    /// </summary>
    public string? Previous() => CurrentId() is { } current ? PreviousOf(current) : null;

    private string? PreviousOf(string current)
    {
        var activated = shell.Read(ReleaseCommands.ListActivated(ReleasesDirectory, ActivatedMarker));
        return activated.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(ReleaseManifest.IsReleaseId)
            .Order(StringComparer.Ordinal)
            .LastOrDefault(id => string.CompareOrdinal(id, current) < 0);
    }

    /// <summary>
    /// Deletes the oldest releases so that <paramref name="keep"/> remain, but never the current one
    /// nor the one before it (the rollback target). Returns the deleted ids.
    /// </summary>
    /// <param name="releases">The releases on the host when already read in this run; null reads them.</param>
    /// <param name="current">The current release when this run, holding the deploy lock, already knows it; null reads it.</param>
    public IReadOnlyList<string> Prune(int keep, IReadOnlyList<string>? releases = null, string? current = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        releases ??= Releases();
        if (releases.Count <= keep)
        {
            return [];
        }

        current ??= CurrentId();
        var previous = current is null ? null : PreviousOf(current);
        var doomed = releases.Take(Math.Max(0, releases.Count - keep)).Where(id => id != current && id != previous).ToList();
        if (doomed.Count > 0)
        {
            shell.Run(ReleaseCommands.Delete(doomed.Select(ReleasePath)));
        }

        return doomed;
    }

    /// <summary>Deletes a release that failed to build; the current release cannot be discarded.</summary>
    public void Discard(string releaseId)
    {
        if (CurrentId() == releaseId)
        {
            throw new InvalidOperationException($"Release {releaseId} is current on {shell.Target}: activate another release before discarding it.");
        }

        shell.Run(ReleaseCommands.Delete([ReleasePath(releaseId), ReleasePath(releaseId) + ReleaseCommands.PartialSuffix]));
    }

    /// <summary>The manifest of the current release: what is deployed, from which commit, when; null before the first deploy.</summary>
    public ReleaseManifest? CurrentManifest() => ParseManifest(shell.Read(CurrentManifestRead));

    /// <summary>Prints the current release's manifest, nothing when there is none; <see cref="ParseManifest"/> reads its output.</summary>
    internal RemoteCommand CurrentManifestRead => ReleaseCommands.ReadIfPresent(CurrentManifestPath);

    internal ReleaseManifest? ParseManifest(string text) =>
        text.Length == 0 ? null : ReleaseManifest.Parse(text, $"{shell.Target}:{CurrentManifestPath}");

    private string CurrentManifestPath => $"{CurrentPath}/{ReleaseManifest.FileName}";

    /// <summary>
    /// The files whose copy in the previous release still has the hash its manifest recorded: one
    /// edited on the host since is uploaded again rather than linked, so the edit reaches no new release.
    /// </summary>
    private List<ReleaseFile> Intact(string previousId, IReadOnlyList<ReleaseFile> candidates)
    {
        var edited = shell.Read(ReleaseCommands.EditedCopies(_root, CheckedId(previousId), candidates)).Split('\n')
            .Where(line => line.StartsWith(ReleaseCommands.EditedLine, StringComparison.Ordinal))
            .Select(line => line[ReleaseCommands.EditedLine.Length..])
            .ToHashSet(StringComparer.Ordinal);
        foreach (var path in edited)
        {
            LogEdited(previousId, path);
        }

        return [.. candidates.Where(file => !edited.Contains(file.Path))];
    }

    /// <summary>
    /// Removes the unfinished release at once, so that a full disk gets its space back now, not at
    /// the next deploy, and says so when the disk was full. Over a connection that is gone nothing
    /// can be removed: the next upload removes it.
    /// </summary>
    private RemoteCommandException Abandon(string partial, IReadOnlyList<ReleaseFile> uploaded, RemoteCommandException failure)
    {
        try
        {
            shell.Run(ReleaseCommands.Delete([partial]));
        }
        catch (RemoteCommandException)
        {
            return failure;
        }

        if (!failure.Message.Contains(NoSpace, StringComparison.Ordinal))
        {
            return failure;
        }

        var free = shell.Probe(ReleaseCommands.FreeSpace(_root));
        var available = free.Succeeded && DfOutput.Parse(free.StandardOutput) is [var filesystem]
            ? $"{filesystem.AvailableKiB.ToString(CultureInfo.InvariantCulture)} KiB free"
            : "too little space";
        var needed = ((uploaded.Sum(file => file.Size) + 1023) / 1024).ToString(CultureInfo.InvariantCulture);
        return new RemoteCommandException(
            $"The disk of {_root} on {shell.Target} is full: the new release's {needed} KiB of changed files did not fit in its {available}. " +
            $"The unfinished release is removed and the running one is untouched; free space there or give a {StackSettings.RemoteDir.Option} on a bigger filesystem.",
            failure.ExitStatus,
            failure);
    }

    /// <summary>The changed files and the manifest as a tar.gz, modes kept, owned by root.</summary>
    private static byte[] Archive(string stackDirectory, IReadOnlyList<ReleaseFile> files, ReleaseManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var stack = new StackFiles(stackDirectory);
            foreach (var file in files)
            {
                var source = Path.Combine(stack.Root, file.Path);
                var bytes = stack.Content(source, file.Path);
                if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != file.Sha256)
                {
                    throw new IOException($"{source} changed while the release was being uploaded; run the upload again.");
                }

                using var content = new MemoryStream(bytes);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, file.Path)
                {
                    // The .env holds the stack's secrets: owner-only from the moment it lands.
                    Mode = file.Path == ReleaseManifest.EnvFileName ? UnixFileMode.UserRead | UnixFileMode.UserWrite : file.Mode,
                    ModificationTime = File.GetLastWriteTimeUtc(source),
                    DataStream = content,
                });
            }

            using var manifestContent = new MemoryStream(Encoding.UTF8.GetBytes(manifest.ToJson()));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, ReleaseManifest.FileName)
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                ModificationTime = manifest.CreatedUtc,
                DataStream = manifestContent,
            });
        }

        return buffer.ToArray();
    }

    private static string CheckedId(string releaseId) =>
        ReleaseManifest.IsReleaseId(releaseId)
            ? releaseId
            : throw new ArgumentException($"'{releaseId}' is not a release id (yyyyMMddTHHmmssfffZ).", nameof(releaseId));
}
