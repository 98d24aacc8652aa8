namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>Reads <c>duplicity list-current-files</c>: each line an asctime date, a space, then the path ("." is the source directory).</summary>
public static class CurrentFilesParser
{
    public static IReadOnlyList<(string Path, DateTimeOffset Time)> Parse(string output) =>
        [.. output.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > DuplicityDate.Length + 1 && line[DuplicityDate.Length] == ' ')
            .Select(line => (Line: line, Parsed: DuplicityDate.TryParse(line[..DuplicityDate.Length], out var time), Time: time))
            .Where(entry => entry.Parsed)
            .Select(entry => (entry.Line[(DuplicityDate.Length + 1)..], entry.Time))];
}
