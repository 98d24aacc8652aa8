namespace PrivateCloud.Tasks.Backup.Archive;

/// <summary>What reading an archive against its manifest found: every problem names the entry.</summary>
public sealed record ArchiveCheck(string Archive, IReadOnlyList<string> Entries, IReadOnlyList<string> Problems)
{
    public bool Valid => Problems.Count == 0;
}
