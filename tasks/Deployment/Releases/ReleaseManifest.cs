using System.Globalization;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LibGit2Sharp;

namespace PrivateCloud.Tasks.Deployment.Releases;

/// <summary>
/// What one release of the stack holds: every file compose may need (compose files, .env, rendered
/// configuration, Dockerfiles and build contexts) with its hash and mode, and where it came from.
/// It is stored in the release as <see cref="FileName"/> so the next upload can tell what changed.
/// </summary>
public sealed class ReleaseManifest
{
    public const string FileName = ".release.json";
    public const string EnvFileName = ".env";
    private const string IdFormat = "yyyyMMdd'T'HHmmssfff'Z'";
    private const int FormatVersion = 1;

    private ReleaseManifest(string releaseId, string? gitCommit, DateTimeOffset createdUtc, IReadOnlyList<ReleaseFile> files)
    {
        ReleaseId = releaseId;
        GitCommit = gitCommit;
        CreatedUtc = createdUtc;
        Files = files;
        ContentHash = HashOf(files);
    }

    /// <summary>Sortable as text: the newest release has the greatest id.</summary>
    public string ReleaseId { get; }

    /// <summary>HEAD of the git repository holding the stack; null when it is not in one.</summary>
    public string? GitCommit { get; }

    public DateTimeOffset CreatedUtc { get; }

    /// <summary>Sorted by path (ordinal).</summary>
    public IReadOnlyList<ReleaseFile> Files { get; }

    /// <summary>SHA-256 over every path, mode and content hash: equal for two releases with the same files.</summary>
    public string ContentHash { get; }

    public static string NewReleaseId(DateTimeOffset now) => now.UtcDateTime.ToString(IdFormat, CultureInfo.InvariantCulture);

    public static bool IsReleaseId(string text) =>
        DateTime.TryParseExact(text, IdFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>
    /// Lists every file below <paramref name="stackDirectory"/> except <c>.git</c> (directories and
    /// submodule link files), a stale <see cref="FileName"/>, and paths matching one of
    /// <paramref name="ignore"/> (simple <c>*</c>/<c>?</c> patterns, tried on the relative path and
    /// on the file name). Symbolic links are followed: the release gets the content.
    /// </summary>
    public static ReleaseManifest Scan(string stackDirectory, DateTimeOffset now, IReadOnlyCollection<string>? ignore = null)
    {
        var root = Path.GetFullPath(stackDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Stack directory {root} does not exist.");
        }

        var patterns = ignore ?? [];
        var files = new List<ReleaseFile>();
        foreach (var path in EnumerateFiles(root))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == FileName || patterns.Any(pattern => Matches(pattern, relative)))
            {
                continue;
            }

            if (relative.Contains('\n') || relative.Contains('\r'))
            {
                // Remote commands read the file list line by line.
                throw new InvalidDataException($"{path}: file names with line breaks cannot be deployed; rename the file.");
            }

            files.Add(Describe(path, relative));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ReleaseManifest(NewReleaseId(now), HeadCommit(root), now.ToUniversalTime(), files);
    }

    /// <summary>Whether both releases hold the same paths with the same content and modes.</summary>
    public bool SameContentAs(ReleaseManifest other) => ContentHash == other.ContentHash;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WriteString("release", ReleaseId);
            writer.WriteString("gitCommit", GitCommit);
            writer.WriteString("createdUtc", CreatedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("contentHash", ContentHash);
            writer.WriteStartArray("files");
            foreach (var file in Files)
            {
                writer.WriteStartObject();
                writer.WriteString("path", file.Path);
                writer.WriteString("sha256", file.Sha256);
                writer.WriteString("mode", Convert.ToString((int)file.Mode, 8));
                writer.WriteNumber("size", file.Size);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <param name="source">Where the text came from, for the error message.</param>
    public static ReleaseManifest Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var version = root.GetProperty("format").GetInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"{source}: manifest format {version} is not supported (expected {FormatVersion}).");
            }

            var files = root.GetProperty("files").EnumerateArray()
                .Select(file => new ReleaseFile(
                    file.GetProperty("path").GetString()!,
                    file.GetProperty("sha256").GetString()!,
                    (UnixFileMode)Convert.ToInt32(file.GetProperty("mode").GetString(), 8),
                    file.GetProperty("size").GetInt64()))
                .OrderBy(file => file.Path, StringComparer.Ordinal)
                .ToList();
            return new ReleaseManifest(
                root.GetProperty("release").GetString()!,
                root.GetProperty("gitCommit").GetString(),
                DateTimeOffset.Parse(root.GetProperty("createdUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                files);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: not a valid release manifest ({ex.Message}).", ex);
        }
    }

    private static IEnumerable<string> EnumerateFiles(string root)
    {
        // Dot files are "hidden" to .NET on Unix, and .env is one of them: skip no attribute.
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", options))
            {
                if (Path.GetFileName(entry) == ".git")
                {
                    continue;
                }

                if (Directory.Exists(entry))
                {
                    pending.Push(entry);
                }
                else if (File.Exists(entry))
                {
                    yield return entry;
                }
            }
        }
    }

    private static bool Matches(string pattern, string relativePath) =>
        FileSystemName.MatchesSimpleExpression(pattern, relativePath, ignoreCase: false) ||
        FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(relativePath), ignoreCase: false);

    private static ReleaseFile Describe(string path, string relative)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new ReleaseFile(relative, hash, PermissionsOf(path), stream.Length);
    }

    /// <summary>rwx bits only: setuid, setgid and sticky have no business in a deployed stack.</summary>
    private static UnixFileMode PermissionsOf(string path)
    {
        const UnixFileMode permissions = (UnixFileMode)0x1FF;
        return OperatingSystem.IsWindows()
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
            : File.GetUnixFileMode(path) & permissions;
    }

    private static string? HeadCommit(string directory)
    {
        var gitDirectory = Repository.Discover(directory);
        if (gitDirectory is null)
        {
            return null;
        }

        using var repository = new Repository(gitDirectory);
        return repository.Head.Tip?.Sha;
    }

    private static string HashOf(IReadOnlyList<ReleaseFile> files)
    {
        var text = new StringBuilder();
        foreach (var file in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Convert.ToString((int)file.Mode, 8)} {file.Sha256} {file.Path}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
