using System.Globalization;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Disk;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// The remote commands that make a release, built without a connection so each can be read and
/// tested as text. The unchanged files are linked in bulk: whatever their number, the previous
/// release's copies are listed by one find, hashed by one sha256sum and compared with the hashes
/// its manifest recorded by one awk, and the intact ones are linked by one cp, which makes their
/// directories too. A copy that is no longer a plain file with its released hash is named on a
/// line of its own, to be sent again rather than linked.
/// </summary>
public static class ReleaseCommands
{
    public const string PartialSuffix = ".partial";
    public const string StaleLine = "stale ";
    public const string EditedLine = "edited ";

    private const string ReleasesDirectoryName = "releases";

    /// <summary>The release a cut-off Rollback switched to, recorded at <paramref name="path"/>; empty when there is none.</summary>
    public static RemoteCommand ReadRollbackTarget(string path) => Root($"cat -- {ShellQuote.Quote(path)} 2>/dev/null || true");

    public static RemoteCommand ForgetRollbackTarget(string path) => Root($"rm -f -- {ShellQuote.Quote(path)}");

    /// <summary>Where the <c>current</c> link at <paramref name="currentPath"/> points; empty before the first release.</summary>
    public static RemoteCommand CurrentTarget(string currentPath) => Root($"readlink -- {ShellQuote.Quote(currentPath)} || true");

    /// <summary>The last <paramref name="count"/> lines of the audit log at <paramref name="path"/>; fails before the first changing run wrote it.</summary>
    public static RemoteCommand AuditTail(string path, int count) =>
        Root($"tail -n {count.ToString(CultureInfo.InvariantCulture)} -- {ShellQuote.Quote(path)}");

    /// <summary>
    /// Switches <paramref name="currentPath"/> to the release <paramref name="releaseId"/> under <paramref name="root"/> in one rename, so no
    /// moment exists without a current release: the link is made beside it and moved over it. The
    /// release being left and the new one get <paramref name="activatedMarker"/>, which makes a release
    /// a Rollback target; a Rollback records its target at <paramref name="rollbackPath"/> (until it is
    /// up and healthy), any other switch forgets one a cut-off Rollback left.
    /// </summary>
    /// <param name="currentPath">The link, directly under <paramref name="root"/>: it holds the release's path relative to the root.</param>
    public static RemoteCommand Activate(string root, string currentPath, string releaseId, string activatedMarker, string rollbackPath, string? rollingBackTo)
    {
        var releasePath = ReleasePath(root, releaseId);
        var link = $"{ReleasesDirectoryName}/{releaseId}";
        var temporary = ShellQuote.Quote($"{currentPath}.tmp");
        var current = ShellQuote.Quote(currentPath);
        return Root(
            $"set -e; test -d {ShellQuote.Quote(releasePath)}; " +
            (rollingBackTo is null ? $"rm -f -- {ShellQuote.Quote(rollbackPath)}; " : $"printf '%s\\n' {ShellQuote.Quote(rollingBackTo)} > {ShellQuote.Quote(rollbackPath)}; ") +
            $"if [ -d {current} ]; then touch -- {ShellQuote.Quote($"{currentPath}/{activatedMarker}")}; fi; " +
            $"ln -sfn {ShellQuote.Quote(link)} {temporary} && mv -T {temporary} {current}; " +
            $"touch -- {ShellQuote.Quote($"{releasePath}/{activatedMarker}")}");
    }

    /// <summary>The entries of <paramref name="releasesDirectory"/>, one a line; nothing before the first release.</summary>
    public static RemoteCommand ListReleases(string releasesDirectory)
    {
        var releases = ShellQuote.Quote(releasesDirectory);
        return Root($"if [ -d {releases} ]; then ls -1A -- {releases}; fi");
    }

    /// <summary>The names of the releases in <paramref name="releasesDirectory"/> holding <paramref name="activatedMarker"/>, one a line.</summary>
    public static RemoteCommand ListActivated(string releasesDirectory, string activatedMarker) =>
        Root($"for release in {ShellQuote.Quote(releasesDirectory)}/*/; do if [ -e \"$release{activatedMarker}\" ]; then basename -- \"$release\"; fi; done");

    /// <summary>The file at <paramref name="path"/>, nothing when there is none.</summary>
    public static RemoteCommand ReadIfPresent(string path)
    {
        var quoted = ShellQuote.Quote(path);
        return Root($"if [ -f {quoted} ]; then cat -- {quoted}; fi");
    }

    /// <summary>Deletes the release directories at <paramref name="paths"/>, whatever they hold.</summary>
    public static RemoteCommand Delete(IEnumerable<string> paths) => Root("rm -rf -- " + ShellQuote.Join(paths));

    /// <summary>The free space of the filesystem holding <paramref name="directory"/>, for <see cref="DfOutput.Parse"/>; run as the login user, as df needs no root.</summary>
    public static RemoteCommand FreeSpace(string directory) => new($"{DiskUsageCheck.Command} -- {ShellQuote.Quote(directory)}");

    /// <summary>
    /// Reads "hash  path" lines from the file named by $want, lists to stdout as "edited path" each
    /// one whose copy under $prev is missing, not a plain file or holds other bytes, and appends the
    /// others' paths to the file named by $links. find follows no symbolic link, so a copy reached
    /// through one is never hashed; sha256sum escapes an unusual name with a leading backslash,
    /// which then matches nothing and is sent again. Exits 3 when a copy was edited.
    /// </summary>
    private const string CompareWithPrevious =
        "(cd -- \"$prev\" && find . -type f | awk 'NR == FNR { wanted[\"./\" substr($0, 67)] = 1; next } $0 in wanted' \"$want\" - | xargs -r -d '\\n' sha256sum --) " +
        "| awk -v links=\"$links\" 'NR == FNR { had[substr($0, 69)] = substr($0, 1, 64); next } " +
        "{ path = substr($0, 67); if (had[path] == substr($0, 1, 64)) print path >> links; else { print \"" + EditedLine + "\" path; edited = 1 } } " +
        "END { exit edited ? 3 : 0 }' - \"$want\"";

    /// <summary>
    /// Makes the release <paramref name="releaseId"/> in one command: removes what cut-off uploads
    /// left, links the files of <paramref name="linked"/> whose copy in <paramref name="previousId"/>
    /// still has its recorded hash, unpacks <paramref name="archive"/> and, when every link was made,
    /// finishes the release. Its input is the recorded hashes of <paramref name="linked"/>, then the
    /// archive for tar; its output names each stale directory removed and each edited copy.
    /// </summary>
    public static RemoteCommand Upload(string root, string releaseId, string? previousId, IReadOnlyList<ReleaseFile> linked, byte[] archive)
    {
        var partial = ShellQuote.Quote(ReleasePath(root, releaseId) + PartialSuffix);
        // Under the deploy lock no other upload runs: every .partial left is from a run that was cut off.
        var script = new StringBuilder(
            $"set -e; test ! -e {ShellQuote.Quote(ReleasePath(root, releaseId))}; " +
            $"for stale in {ShellQuote.Quote(ReleasesDirectory(root))}/*{PartialSuffix}; do if [ -e \"$stale\" ]; then rm -rf -- \"$stale\"; echo \"{StaleLine}$stale\"; fi; done; " +
            $"mkdir -p -- {partial}; cd -- {partial}; edited=0; ");
        var wanted = previousId is not null && linked.Count > 0 ? Wanted(linked) : [];
        if (wanted.Length > 0)
        {
            // dd takes exactly the list's bytes off stdin in a few reads, leaving the archive to tar; a shell read would take a byte per call.
            script.Append(
                $"prev={ShellQuote.Quote(ReleasePath(root, previousId!))}; want=$(mktemp); links=$(mktemp); trap 'rm -f -- \"$want\" \"$links\"' EXIT; " +
                $"dd bs=65536 count={wanted.Length.ToString(CultureInfo.InvariantCulture)} iflag=fullblock,count_bytes status=none > \"$want\"; " +
                $"{CompareWithPrevious} || {{ status=$?; [ $status = 3 ] || exit $status; edited=1; }}; " +
                $"(cd -- \"$prev\" && xargs -r -d '\\n' cp -l --parents -t {partial} -- < \"$links\"); ");
        }

        script.Append($"tar -xzf - --no-same-owner -p; if [ $edited = 0 ]; then {Finish(root, releaseId)}; fi");
        return new RemoteCommand(script.ToString()) { Input = [.. wanted, .. archive], Privileged = true };
    }

    /// <summary>Unpacks the files whose previous copies were edited into the unfinished release, then finishes it.</summary>
    public static RemoteCommand SendEdited(string root, string releaseId, byte[] archive) =>
        new($"set -e; tar -xzf - --no-same-owner -p -C {ShellQuote.Quote(ReleasePath(root, releaseId) + PartialSuffix)}; {Finish(root, releaseId)}")
        {
            Input = archive,
            Privileged = true,
        };

    /// <summary>
    /// Reads, changing nothing, which of <paramref name="candidates"/> no longer have their recorded
    /// hash in <paramref name="previousId"/>: an "edited path" line each, as the upload would find.
    /// </summary>
    public static RemoteCommand EditedCopies(string root, string previousId, IReadOnlyList<ReleaseFile> candidates) =>
        new(
            $"prev={ShellQuote.Quote(ReleasePath(root, previousId))}; want=$(mktemp); links=/dev/null; trap 'rm -f -- \"$want\"' EXIT; " +
            $"cat > \"$want\"; {CompareWithPrevious} || [ $? = 3 ]")
        {
            Input = Wanted(candidates),
            Privileged = true,
        };

    /// <summary>Read-only files (a container that bind-mounts a stack file cannot edit every release through the shared links), then the release's final name.</summary>
    public static string Finish(string root, string releaseId)
    {
        var partial = ShellQuote.Quote(ReleasePath(root, releaseId) + PartialSuffix);
        return $"cd -- {partial}; if [ -f {ReleaseManifest.EnvFileName} ]; then chmod 600 {ReleaseManifest.EnvFileName}; fi; " +
               $"find . -type f -exec chmod a-w {{}} +; mv -T -- {partial} {ShellQuote.Quote(ReleasePath(root, releaseId))}";
    }

    public static string ReleasesDirectory(string root) => $"{root}/{ReleasesDirectoryName}";

    public static string ReleasePath(string root, string releaseId) => $"{ReleasesDirectory(root)}/{releaseId}";

    /// <summary>The recorded hash and path of each file, as sha256sum prints them: the list the comparison reads.</summary>
    private static byte[] Wanted(IEnumerable<ReleaseFile> files) =>
        Encoding.UTF8.GetBytes(string.Concat(files.Select(file => $"{file.Sha256}  {file.Path}\n")));

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
