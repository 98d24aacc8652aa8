using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Backup.Archive;

/// <summary>
/// What is not in git but is needed to rebuild the stack: the .env, the DKIM private key, every
/// rendered configuration file, and compose override files. Names are relative to the stack.
/// </summary>
public static class SecretFiles
{
    private static readonly string[] ComposeOverrides =
        ["compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml"];

    public static IReadOnlyList<ArchiveEntry> Find(string stackDirectory, string envFile, bool envFileIsFallback, string dkimKey, string templateGlobs)
    {
        if (envFileIsFallback)
        {
            throw new BuildInputException($"There is no .env in {stackDirectory} yet (only {Path.GetFileName(envFile)}): nothing secret to archive.");
        }

        var paths = new List<string> { envFile };
        if (File.Exists(dkimKey))
        {
            paths.Add(dkimKey);
        }

        paths.AddRange(TemplateSet.Find(stackDirectory, templateGlobs).Select(template => template.OutputPath).Where(File.Exists));
        paths.AddRange(ComposeOverrides.Select(name => Path.Combine(stackDirectory, name)).Where(File.Exists));
        return [.. paths.Distinct(StringComparer.Ordinal).Select(path => new ArchiveEntry(path, Name(stackDirectory, path)))];
    }

    /// <summary>A file outside the stack (a DKIM key kept elsewhere) goes under external/ by its file name.</summary>
    private static string Name(string stackDirectory, string path)
    {
        var relative = Path.GetRelativePath(stackDirectory, path).Replace(Path.DirectorySeparatorChar, '/');
        return relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? "external/" + Path.GetFileName(path)
            : relative;
    }
}
