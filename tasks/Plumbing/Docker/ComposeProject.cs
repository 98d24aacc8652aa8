using System.Text.RegularExpressions;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// One compose project, always addressed explicitly: a fixed project name (so containers, networks
/// and volumes keep their names whatever directory the build runs from), the project directory
/// relative paths resolve against, the compose files and the env file used for interpolation.
/// </summary>
public sealed partial record ComposeProject
{
    public ComposeProject(string name, string directory, IReadOnlyList<string> files, string? envFile = null)
    {
        if (!ProjectNamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"Compose project name '{name}' is not valid: use lowercase letters, digits, '-' and '_', starting with a letter or digit.",
                nameof(name));
        }

        if (files.Count == 0)
        {
            throw new ArgumentException($"Compose project '{name}' names no compose file.", nameof(files));
        }

        Name = name;
        Directory = Path.GetFullPath(directory);
        Files = [.. files.Select(file => Path.GetFullPath(file, Directory))];
        EnvFile = envFile is null ? null : Path.GetFullPath(envFile, Directory);
    }

    public string Name { get; }

    public string Directory { get; }

    public IReadOnlyList<string> Files { get; }

    public string? EnvFile { get; }

    /// <summary>The global compose options that pin the project, understood by v1 and v2 alike.</summary>
    public IReadOnlyList<string> GlobalArguments =>
    [
        "--project-name", Name,
        "--project-directory", Directory,
        .. Files.SelectMany(file => new[] { "--file", file }),
        .. EnvFile is null ? Array.Empty<string>() : ["--env-file", EnvFile],
    ];

    /// <summary>The engine-side name compose gives a volume declared in the file without an explicit name.</summary>
    public string VolumeName(string volume) => $"{Name}_{volume}";

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*\z")]
    private static partial Regex ProjectNamePattern();
}
