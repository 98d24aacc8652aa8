namespace PrivateCloud.Tasks.Plumbing.DotEnv;

/// <summary>
/// The variables of a parsed <c>.env</c> file, in the order they first appear. A key set twice
/// keeps its first position and takes the value and line of its last assignment (compose keeps
/// the last value too).
/// </summary>
public sealed class DotEnvFile
{
    private readonly Dictionary<string, DotEnvEntry> _byKey;

    internal DotEnvFile(string path, IReadOnlyList<DotEnvEntry> entries, IReadOnlyList<DotEnvStatement> statements)
    {
        Path = path;
        Entries = entries;
        Statements = statements;
        _byKey = entries.ToDictionary(entry => entry.Key, StringComparer.Ordinal);
        Values = entries.ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
    }

    public string Path { get; }

    public IReadOnlyList<DotEnvEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Every assignment in the order written, with the lines it spans.</summary>
    public IReadOnlyList<DotEnvStatement> Statements { get; }

    public DotEnvEntry? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Reads and parses a file; see <see cref="DotEnvParser.Parse"/> for <paramref name="lookup"/>.</summary>
    public static DotEnvFile Load(string path, Func<string, string?>? lookup = null)
    {
        if (!File.Exists(path))
        {
            throw new DotEnvException(path, null, "file not found; create it or give the right path");
        }

        return DotEnvParser.Parse(File.ReadAllText(path), path, lookup);
    }
}
