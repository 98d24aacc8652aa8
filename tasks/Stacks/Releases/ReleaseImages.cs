using System.Text;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// Which images each release ran, one <see cref="ImageRecord"/> per release in
/// <c>&lt;remoteDirectory&gt;/images/&lt;release&gt;</c>. The records live beside the releases, not in
/// them: once Deploy removes an old release, its record still tells Prune that its images were this
/// project's (docker-compose v1 labels no image it builds), until they are gone.
/// </summary>
public sealed class ReleaseImages(RemoteShell shell, string remoteDirectory)
{
    public string Directory => $"{remoteDirectory.TrimEnd('/')}/images";

    /// <summary>
    /// Appends to the record of the release <paramref name="currentLink"/> points at the services
    /// whose image differs from what the record says, in one command; nothing without a current release.
    /// </summary>
    public void RecordCurrent(string currentLink, IReadOnlyList<ServiceStatus> containers)
    {
        var entries = containers
            .Where(container => container.Service.Length > 0 && container.ImageId.StartsWith("sha256:", StringComparison.Ordinal))
            .Select(container => (container.Service, container.ImageId))
            .Distinct()
            .OrderBy(entry => entry.Service, StringComparer.Ordinal)
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }

        shell.Run(ReleaseImageCommands.RecordCurrent(currentLink, Directory) with { Input = Encoding.UTF8.GetBytes(ImageRecord.Lines(entries)) });
    }

    /// <summary>Every record on the host, in one round trip.</summary>
    public IReadOnlyList<ImageRecord> Read()
    {
        var text = shell.Read(ReleaseImageCommands.ReadRecords(Directory));
        var records = new List<ImageRecord>();
        foreach (var block in ("\n" + text).Split("\n" + ReleaseImageCommands.RecordMarker, StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n', 2);
            if (ReleaseManifest.IsReleaseId(lines[0].Trim()))
            {
                records.Add(ImageRecord.Parse(lines[0].Trim(), lines.Length > 1 ? lines[1] : string.Empty));
            }
        }

        return records;
    }

    /// <summary>Deletes the records of these releases.</summary>
    public void Forget(IReadOnlyCollection<string> releaseIds)
    {
        if (releaseIds.Count > 0)
        {
            shell.Run(ReleaseImageCommands.Remove(releaseIds.Select(PathOf)));
        }
    }

    private string PathOf(string releaseId) =>
        ReleaseManifest.IsReleaseId(releaseId)
            ? $"{Directory}/{releaseId}"
            : throw new ArgumentException($"'{releaseId}' is not a release id (yyyyMMddTHHmmssfffZ).", nameof(releaseId));
}
