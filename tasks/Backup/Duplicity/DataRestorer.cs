using System.Globalization;
using System.Text;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Puts the newest backup's includes back in place on the host, then loads the database dumps it
/// holds into their freshly started services. Each include is restored into a temporary directory
/// inside it first and swapped in only once duplicity succeeded, so a failed restore leaves the
/// host's data as it was. The marker file records the backup restored: a second run with the same
/// newest backup and every include still holding data changes nothing.
/// </summary>
public sealed class DataRestorer(DuplicityHost duplicity, BackupListing listing, BackupStatusCheck status)
{
    /// <summary>A file system's own directory at a mount point's root: an include holding only it is empty.</summary>
    private const string LostAndFound = "lost+found";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Restores every include unless the marker says the newest backup's files are already in place;
    /// then loads the dumps when a release is deployed to start their services from.
    /// </summary>
    public DataRestoreResult Restore(DataRestoreRequest request, IComposeStack stack, Action<string> say)
    {
        var options = request.Options;
        var newest = NewestBackup(options);
        var files = MarkerText(newest, options.Includes);
        var host = ReadHost(request);
        var inPlace = !request.Force && host.NonEmpty.Count == options.Includes.Count && host.Marker is { } marker && marker.StartsWith(files, StringComparison.Ordinal);
        if (inPlace && host.Marker == files + DumpsLoaded)
        {
            return new DataRestoreResult(newest, [], []);
        }

        var running = stack.Ps().Where(container => container.State == "running").ToList();
        var dumpFiles = host.DumpFiles;
        if (!inPlace)
        {
            var listed = RestoreFiles(request, newest, host, stack, running.Count, say);
            dumpFiles = DumpsIn(request, listed);
            if (!duplicity.Shell.DryRun)
            {
                WriteMarker(request.MarkerFile, files);
            }
        }

        var loaded = LoadInto(stack, request, files, dumpFiles, running.Count > 0, say);
        return new DataRestoreResult(newest, inPlace ? [] : options.Includes, loaded);
    }

    /// <summary>
    /// The second half of a restore when RestoreData ran before any release was deployed (Recover
    /// restores the files, then deploys): loads the dumps of the files the marker says are in place.
    /// </summary>
    public DataRestoreResult LoadDumps(DataRestoreRequest request, IComposeStack stack, Action<string> say)
    {
        var newest = NewestBackup(request.Options);
        var files = MarkerText(newest, request.Options.Includes);
        var host = ReadHost(request);
        if (host.Marker == files + DumpsLoaded)
        {
            return new DataRestoreResult(newest, [], []);
        }

        if (host.Marker != files)
        {
            if (duplicity.Shell.DryRun)
            {
                say($"Would load the dumps RestoreData puts in {request.DumpDirectory}, once it restored the backup of {BackupStatusCheck.Format(newest)}.");
                return new DataRestoreResult(newest, [], []);
            }

            throw new BuildInputException(
                $"LoadDumps: {request.MarkerFile} on {duplicity.Shell.Target} does not record the files of the backup of {BackupStatusCheck.Format(newest)} as restored: run RestoreData first.");
        }

        var running = stack.Ps().Any(container => container.State == "running");
        return new DataRestoreResult(newest, [], LoadInto(stack, request, files, host.DumpFiles, running, say));
    }

    /// <summary>Starts each database service with a dump and loads it; then the stack again when it ran, and the marker says the dumps are loaded.</summary>
    private List<string> LoadInto(IComposeStack stack, DataRestoreRequest request, string files, HashSet<string> dumpFiles, bool wasRunning, Action<string> say)
    {
        var dumps = request.Dumps.Where(dump => dumpFiles.Contains(dump.FileName)).ToList();
        if (dumps.Count > 0 && stack.Releases is { } releases && releases.CurrentId() is null)
        {
            say($"No release is deployed on {duplicity.Shell.Target}: the dumps in {request.DumpDirectory} wait for LoadDumps after a Deploy.");
            return [];
        }

        if (duplicity.Shell.DryRun)
        {
            foreach (var dump in dumps)
            {
                say($"Would start {dump.Service} and load {request.DumpDirectory}/{dump.FileName} into it.");
            }

            return [.. dumps.Select(dump => dump.Service)];
        }

        foreach (var dump in dumps)
        {
            say($"Starting {dump.Service} and loading {request.DumpDirectory}/{dump.FileName} into it.");
            stack.Up([dump.Service]);
            Load(request, stack.Project.Name, dump);
        }

        if (wasRunning)
        {
            stack.Up([]);
        }

        WriteMarker(request.MarkerFile, files + DumpsLoaded);
        return [.. dumps.Select(dump => dump.Service)];
    }

    /// <summary>The marker's ending once the dumps are loaded too; without it only the files are in place.</summary>
    public const string DumpsLoaded = " dumps-loaded";

    /// <summary>Restores every include and checks it against the backup's listing, which it returns.</summary>
    private IReadOnlyList<BackedUpFile> RestoreFiles(DataRestoreRequest request, DateTimeOffset newest, HostData host, IComposeStack stack, int running, Action<string> say)
    {
        var options = request.Options;
        if (!request.Force && host.NonEmpty.FirstOrDefault() is { } occupied)
        {
            // The marker records this backup: what it restored is in place, and only another include lost its data.
            var emptied = host.Marker is { } marker && marker.StartsWith(MarkerText(newest, options.Includes), StringComparison.Ordinal)
                ? options.Includes.Except(host.NonEmpty, StringComparer.Ordinal).ToList()
                : [];
            throw new BuildInputException(emptied.Count > 0
                ? $"RestoreData: {string.Join(" and ", emptied)} on {duplicity.Shell.Target} {(emptied.Count == 1 ? "is" : "are")} empty, though {request.MarkerFile} records the backup of " +
                  $"{BackupStatusCheck.Format(newest)} as restored: restoring it again would replace what {occupied} holds too; give {ForceFlag.Setting.Option} to restore every include."
                : $"RestoreData: {occupied} on {duplicity.Shell.Target} is not empty and was not restored from the backup of {BackupStatusCheck.Format(newest)}: " +
                  $"the restore would replace what it holds; move it away or give {ForceFlag.Setting.Option} to replace it.");
        }

        var files = listing.List(options, null);
        if (running > 0)
        {
            say($"{DryRunWording.Pick(duplicity.Shell.DryRun, "Would stop", "Stopping")} the {running.ToString(CultureInfo.InvariantCulture)} running container(s) of the {stack.Kind} {stack.Project.Name}.");
            if (!duplicity.Shell.DryRun)
            {
                stack.Down(removeVolumes: false);
            }
        }

        foreach (var include in options.Includes)
        {
            var relative = options.RelativePath(include);
            var count = files.Count(file => file.Path.StartsWith(relative + "/", StringComparison.Ordinal));
            say($"{DryRunWording.Pick(duplicity.Shell.DryRun, "Would restore", "Restoring")} {include} ({count.ToString(CultureInfo.InvariantCulture)} entries of the backup of {BackupStatusCheck.Format(newest)}) from {options.Target}" +
                (host.NonEmpty.Contains(include) ? ", replacing what it holds." : "."));
            RestoreInclude(options, include, relative);
        }

        if (!duplicity.Shell.DryRun)
        {
            var missing = Missing(options, files);
            if (missing.Count > 0)
            {
                throw new RemoteCommandException(
                    $"RestoreData: {missing.Count.ToString(CultureInfo.InvariantCulture)} path(s) the backup lists are missing after the restore on {duplicity.Shell.Target}, " +
                    $"e.g. {options.SourceDirectory}{missing[0]}; the marker was not written.", 1);
            }

            say($"Checked: every one of the {files.Count.ToString(CultureInfo.InvariantCulture)} entries the backup lists is in place.");
        }

        return files;
    }

    /// <summary>The dump files the backup holds: none when the dump directory is outside the backup's source.</summary>
    private static HashSet<string> DumpsIn(DataRestoreRequest request, IReadOnlyList<BackedUpFile> listed)
    {
        var source = request.Options.SourceDirectory;
        if (!request.DumpDirectory.StartsWith(source, StringComparison.Ordinal))
        {
            return [];
        }

        var directory = request.Options.RelativePath(request.DumpDirectory);
        return listed.Select(file => file.Path).Where(path => path.StartsWith(directory + "/", StringComparison.Ordinal))
            .Select(path => path[(directory.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>What the marker holds once a restore finished: the backup's time and the includes it put back.</summary>
    public static string MarkerText(DateTimeOffset backup, IReadOnlyList<string> includes) =>
        $"{backup.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {string.Join(',', includes)}";

    private DateTimeOffset NewestBackup(DuplicityOptions options)
    {
        var result = status.Evaluate(options, TimeSpan.MaxValue, DateTimeOffset.UtcNow);
        return result.Collection?.PrimaryChain is not null && result.Collection.Newest() is { } newest
            ? newest
            : throw new RemoteCommandException($"RestoreData: nothing to restore: {result.Summary}.", 1);
    }

    private sealed record HostData(string? Marker, IReadOnlyList<string> NonEmpty, HashSet<string> DumpFiles);

    /// <summary>
    /// In one round trip: the marker, which includes hold data (anything but a directory outside
    /// lost+found), and which dumps are there. Empty directories are no data to lose: PrepareHost,
    /// which Recover runs first, creates the directories the stack's volumes bind to inside them.
    /// </summary>
    private HostData ReadHost(DataRestoreRequest request)
    {
        var script = new StringBuilder()
            .Append("marker=").Append(ShellQuote.Quote(request.MarkerFile)).Append("; [ -f \"$marker\" ] && echo \"marker $(cat \"$marker\")\"; ");
        foreach (var include in request.Options.Includes)
        {
            script.Append("[ -n \"$(find ").Append(ShellQuote.Quote(include)).Append(" -mindepth 1 -path ").Append(ShellQuote.Quote($"{include}/{LostAndFound}"))
                .Append(" -prune -o ! -type d -print 2>/dev/null | head -n 1)\" ] && echo ").Append(ShellQuote.Quote("nonempty " + include)).Append("; ");
        }

        foreach (var dump in request.Dumps)
        {
            script.Append("[ -s ").Append(ShellQuote.Quote($"{request.DumpDirectory}/{dump.FileName}")).Append(" ] && echo ")
                .Append(ShellQuote.Quote("dump " + dump.FileName)).Append("; ");
        }

        var lines = duplicity.Shell.Probe(new RemoteCommand(script.Append("true").ToString()) { Privileged = true })
            .EnsureSuccess("Reading the data directories").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] Values(string kind) => [.. lines.Where(line => line.StartsWith(kind + " ", StringComparison.Ordinal)).Select(line => line[(kind.Length + 1)..])];
        return new HostData(Values("marker").FirstOrDefault(), Values("nonempty"), Values("dump").ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Restores into a temporary directory inside the include (same file system: the moves are
    /// renames), then replaces the include's entries with the restored ones, keeping lost+found and
    /// giving the include the backed-up owner and mode. The trap removes the temporary directory
    /// whatever happened.
    /// </summary>
    private void RestoreInclude(DuplicityOptions options, string include, string relative)
    {
        var before =
            $"inc={ShellQuote.Quote(include)}; mkdir -p \"$inc\" && tmp=$(mktemp -d \"$inc/.restoring.XXXXXX\") || exit 1; trap 'rm -rf -- \"$tmp\"' EXIT; ";
        var command = DuplicityCommand.Restore(options, relative, "\"$tmp/data\"") + " >&2 || exit $?; " +
            $"find \"$inc\" -mindepth 1 -maxdepth 1 ! -path \"$tmp\" ! -name {LostAndFound} -exec rm -rf -- {{}} + && " +
            "find \"$tmp/data\" -mindepth 1 -maxdepth 1 -exec mv -- {} \"$inc/\" \\; && " +
            "chown --reference=\"$tmp/data\" \"$inc\" && chmod --reference=\"$tmp/data\" \"$inc\"";
        var result = duplicity.Change(options, command, before);
        if (!ReferenceEquals(result, CommandResult.NotRun) && !result.Succeeded)
        {
            throw new RemoteCommandException(
                $"RestoreData: duplicity could not restore {include} from {options.Target}{BackupStatusCheck.Exit(result)}: {BackupStatusCheck.Reason(result)}; {include} is as it was.",
                result.ExitCode);
        }
    }

    /// <summary>The backup's paths that are not on the host; the paths go on stdin, NUL-separated, so no name can break the command.</summary>
    private List<string> Missing(DuplicityOptions options, IReadOnlyList<BackedUpFile> files)
    {
        var input = Encoding.UTF8.GetBytes(string.Concat(files.Where(file => file.Path != ".").Select(file => file.Path + "\0")));
        var output = duplicity.Shell.Probe(new RemoteCommand(
            $"cd {ShellQuote.Quote(options.SourceDirectory)} && xargs -0 -r sh -c 'for p; do [ -e \"$p\" ] || [ -L \"$p\" ] || printf \"%s\\n\" \"$p\"; done' sh")
        { Input = input, Privileged = true }).EnsureSuccess("Checking the restored files against the backup's listing").StandardOutput;
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Waits until the service's server answers, then feeds it the dump on stdin through docker exec on the host.</summary>
    private void Load(DataRestoreRequest request, string projectName, DatabaseDump dump)
    {
        var seconds = ((int)ReadyTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var script =
            $"c=\"$({DumpScript.RunningContainer(projectName, ShellQuote.Quote(dump.Service))})\"; " +
            $"[ -n \"$c\" ] || {{ echo 'no running container' >&2; exit 3; }}; " +
            $"i=0; until docker exec \"$c\" sh -c {ShellQuote.Quote(dump.ReadyScript)} >/dev/null 2>&1; do " +
            $"i=$((i+1)); [ \"$i\" -lt {seconds} ] || {{ echo 'the server did not answer within {seconds} s' >&2; exit 4; }}; sleep 1; done; " +
            $"docker exec -i \"$c\" sh -c {ShellQuote.Quote(dump.LoadScript)} < {ShellQuote.Quote($"{request.DumpDirectory}/{dump.FileName}")}";
        var result = duplicity.Shell.Attempt(new RemoteCommand(script) { Privileged = true });
        if (!result.Succeeded)
        {
            throw new RemoteCommandException(
                $"RestoreData: loading {request.DumpDirectory}/{dump.FileName} into {dump.Service} failed on {duplicity.Shell.Target}{BackupStatusCheck.Exit(result)}: {BackupStatusCheck.Reason(result)}; " +
                "the files are restored, and LoadDumps loads the dumps again.", result.ExitCode);
        }
    }

    private void WriteMarker(string file, string text) => new RemoteFiles(duplicity.Shell).Write(file, text + "\n");
}
