using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LibGit2Sharp;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Stacks.Releases;

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

    private ReleaseManifest(string releaseId, string? gitCommit, DateTimeOffset createdUtc, IReadOnlyList<ReleaseFile> files, IReadOnlyDictionary<string, string>? buildContexts = null)
    {
        ReleaseId = releaseId;
        GitCommit = gitCommit;
        CreatedUtc = createdUtc;
        Files = files;
        ContentHash = HashOf(files);
        BuildContexts = buildContexts ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
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

    /// <summary>
    /// Each built service's <see cref="Releases.BuildContexts"/> hash, so the next deploy builds only
    /// the services whose context changed; empty in a release made before they were recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string> BuildContexts { get; }

    /// <summary>This release with the hashes of its services' build contexts.</summary>
    public ReleaseManifest WithBuildContexts(IReadOnlyDictionary<string, string> buildContexts) =>
        new(ReleaseId, GitCommit, CreatedUtc, Files, new SortedDictionary<string, string>(buildContexts.ToDictionary(), StringComparer.Ordinal));

    public static string NewReleaseId(DateTimeOffset now) => now.UtcDateTime.ToString(IdFormat, CultureInfo.InvariantCulture);

    public static bool IsReleaseId(string text) =>
        DateTime.TryParseExact(text, IdFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>
    /// Lists every file below <paramref name="stackDirectory"/> except <c>.git</c> (directories and
    /// submodule link files), a stale <see cref="FileName"/>, and what <see cref="StackFiles.IgnoreFileName"/>
    /// excludes. Symbolic links inside the stack are followed (the release gets the content); the
    /// .env is described as it is uploaded, without the tool's own DEPLOY_* settings.
    /// </summary>
    public static ReleaseManifest Scan(string stackDirectory, DateTimeOffset now)
    {
        var stack = new StackFiles(stackDirectory);
        var files = new List<ReleaseFile>();
        foreach (var (path, relative) in stack.Enumerate())
        {
            if (relative == FileName)
            {
                continue;
            }

            if (relative.Contains('\n') || relative.Contains('\r'))
            {
                // Remote commands read the file list line by line.
                throw new BuildInputException($"{path}: file names with line breaks cannot be deployed; rename the file or list it in {StackFiles.IgnoreFileName}.");
            }

            var content = stack.Content(path, relative);
            files.Add(new ReleaseFile(relative, Convert.ToHexStringLower(SHA256.HashData(content)), stack.PermissionsOf(path), content.Length));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ReleaseManifest(NewReleaseId(now), HeadCommit(stack.Root), now.ToUniversalTime(), files);
    }

    /// <summary>Whether both releases hold the same paths with the same content and modes.</summary>
    public bool SameContentAs(ReleaseManifest other) => ContentHash == other.ContentHash;

    public string ToJson() => VersionedJson.Write(FormatVersion, writer =>
    {
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
        writer.WriteStartObject("buildContexts");
        foreach (var (service, hash) in BuildContexts)
        {
            writer.WriteString(service, hash);
        }

        writer.WriteEndObject();
    });

    /// <param name="source">Where the text came from, for the error message.</param>
    public static ReleaseManifest Parse(string json, string source) =>
        VersionedJson.Read(json, FormatVersion, "release manifest", source, root => new ReleaseManifest(
            root.GetProperty("release").GetString()!,
            root.GetProperty("gitCommit").GetString(),
            DateTimeOffset.Parse(root.GetProperty("createdUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            [.. root.GetProperty("files").EnumerateArray()
                .Select(file => new ReleaseFile(
                    file.GetProperty("path").GetString()!,
                    file.GetProperty("sha256").GetString()!,
                    (UnixFileMode)Convert.ToInt32(file.GetProperty("mode").GetString(), 8),
                    file.GetProperty("size").GetInt64()))
                .OrderBy(file => file.Path, StringComparer.Ordinal)],
            root.TryGetProperty("buildContexts", out var builds)
                ? new SortedDictionary<string, string>(builds.EnumerateObject().ToDictionary(build => build.Name, build => build.Value.GetString()!), StringComparer.Ordinal)
                : null));

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
