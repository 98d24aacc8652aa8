using System.Text;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Deployment.Releases;

/// <summary>
/// Which images each release ran, one <see cref="ImageRecord"/> per release in
/// <c>&lt;remoteDirectory&gt;/images/&lt;release&gt;</c>. The records live beside the releases, not in
/// them: once Deploy removes an old release, its record still tells Prune that its images were this
/// project's (docker-compose v1 labels no image it builds), until they are gone.
/// </summary>
public sealed class ReleaseImages(RemoteShell shell, string remoteDirectory)
{
    public string Directory => $"{remoteDirectory.TrimEnd('/')}/images";

    /// <summary>Appends the services whose image differs from what the record says; writes nothing when none does.</summary>
    public bool Record(string releaseId, IReadOnlyList<ServiceStatus> containers)
    {
        var noted = Read().FirstOrDefault(record => record.ReleaseId == releaseId)?.Current ?? new Dictionary<string, string>();
        var changed = containers
            .Where(container => container.Service.Length > 0 && container.ImageId.StartsWith("sha256:", StringComparison.Ordinal))
            .Select(container => (container.Service, container.ImageId))
            .Distinct()
            .Where(entry => noted.GetValueOrDefault(entry.Service) != entry.ImageId)
            .OrderBy(entry => entry.Service, StringComparer.Ordinal)
            .ToList();
        if (changed.Count == 0)
        {
            return false;
        }

        shell.Run(new RemoteCommand($"mkdir -p -- {ShellQuote.Quote(Directory)} && cat >> {ShellQuote.Quote(PathOf(releaseId))}")
        {
            Input = Encoding.UTF8.GetBytes(ImageRecord.Lines(changed)),
            Privileged = true,
        });
        return true;
    }

    /// <summary>Every record on the host, in one round trip.</summary>
    public IReadOnlyList<ImageRecord> Read()
    {
        const string Marker = "#release ";
        var text = shell.Read(new RemoteCommand(
            $"for f in {ShellQuote.Quote(Directory)}/*; do if [ -f \"$f\" ]; then echo \"{Marker}${{f##*/}}\"; cat -- \"$f\"; fi; done")
        {
            Privileged = true,
        });
        var records = new List<ImageRecord>();
        foreach (var block in ("\n" + text).Split("\n" + Marker, StringSplitOptions.RemoveEmptyEntries))
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
            shell.Run(new RemoteCommand("rm -f -- " + ShellQuote.Join(releaseIds.Select(PathOf))) { Privileged = true });
        }
    }

    private string PathOf(string releaseId) =>
        ReleaseManifest.IsReleaseId(releaseId)
            ? $"{Directory}/{releaseId}"
            : throw new ArgumentException($"'{releaseId}' is not a release id (yyyyMMddTHHmmssfffZ).", nameof(releaseId));
}
