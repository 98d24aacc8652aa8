using System.Globalization;
using System.Text;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Snapshots;

/// <summary>
/// Reads what a Deploy needs to know of the host in one remote command (the current release's
/// manifest, the snapshot kept beside it, the release list, one listing of the project's containers
/// and which composes are installed), and keeps the snapshot once a deploy brought every service up healthy.
/// </summary>
public sealed class HostStateStore(RemoteShell shell, ReleaseStore releases, string projectName)
{
    // A line neither JSON nor a listing of release ids can hold: it separates the command's sections.
    private const string Separator = "--- private-cloud deploy state ---";
    private const int SectionCount = 5;

    private string SnapshotPath => $"{releases.CurrentPath}/{RunningSnapshot.FileName}";

    public HostState Read() => Parse(shell.Read(new RemoteCommand(ReadScript) { Privileged = true }));

    /// <summary>The read-only script <see cref="Read"/> runs; a caller may run it inside a command of its own and <see cref="Parse"/> its output.</summary>
    public string ReadScript
    {
        get
        {
            return string.Join(
                $"; echo '{Separator}'; ",
                releases.CurrentManifestRead.Text,
                ReleaseCommands.ReadIfPresent(SnapshotPath).Text,
                releases.ReleasesListing.Text,
                RemoteCompose.ListingScript(projectName),
                ComposeTool.LookupScript);
        }
    }

    public HostState Parse(string output)
    {
        var sections = output.Split(Separator + "\n");
        if (sections.Length != SectionCount)
        {
            throw new RemoteCommandException(
                $"Reading the deploy state on {shell.Target} gave {sections.Length.ToString(CultureInfo.InvariantCulture)} parts instead of {SectionCount.ToString(CultureInfo.InvariantCulture)}: is a file in {releases.RemoteDirectory} named '{Separator}'?");
        }

        var (snapshot, problem) = ParseSnapshot(sections[1]);
        return new HostState(
            releases.ParseManifest(sections[0]),
            snapshot,
            problem,
            ComposeContainers.ParseListing(sections[3]),
            ReleaseStore.ParseReleases(sections[2]))
        {
            Composes = ComposeTool.ParseLookup(sections[4]),
        };
    }

    /// <summary>Keeps the snapshot in the current release, replacing the one there in one rename.</summary>
    public void Record(RunningSnapshot snapshot)
    {
        var path = ShellQuote.Quote(SnapshotPath);
        var partial = ShellQuote.Quote(SnapshotPath + ".partial");
        shell.Run(new RemoteCommand($"set -e; cat > {partial}; mv -f -- {partial} {path}")
        {
            Input = Encoding.UTF8.GetBytes(snapshot.ToJson()),
            Privileged = true,
        });
    }

    private (RunningSnapshot? Snapshot, string? Problem) ParseSnapshot(string text)
    {
        if (text.Length == 0)
        {
            return (null, null);
        }

        try
        {
            return (RunningSnapshot.Parse(text, $"{shell.Target}:{SnapshotPath}"), null);
        }
        catch (InvalidDataException ex)
        {
            return (null, ex.Message);
        }
    }
}
