using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>A directory on the host the stack keeps data in, and the .env variable that names it.</summary>
public sealed record DataDirectory(string Variable, string Path)
{
    public const string DatabasesVariable = "DATABASES_DIR";
    public const string FilesVariable = "FILES_DIR";

    /// <summary>
    /// The two data directories for the settings that default to them (the backup's includes, the
    /// data mounts Doctor watches): as the .env sets them, else where the original install mounted them.
    /// </summary>
    public static IReadOnlyList<string> PathsOrDefaults(StackVariables variables) =>
    [
        PathOf(variables, DatabasesVariable) is { Length: > 0 } databases ? databases.TrimEnd('/') : "/mnt/databases",
        PathOf(variables, FilesVariable) is { Length: > 0 } files ? files.TrimEnd('/') : "/mnt/files",
    ];

    /// <summary>DATABASES_DIR and FILES_DIR where the .env sets them: each is meant to be a disk of its own.</summary>
    public static IReadOnlyList<DataDirectory> From(StackVariables variables) =>
        [.. new[] { DatabasesVariable, FilesVariable }
            .Where(variables.IsSet)
            .Select(name => new DataDirectory(name, PathOf(variables, name)!.TrimEnd('/') is { Length: > 0 } path ? path : "/"))];

    /// <summary>The variable's value; these paths reach /etc/fstab and the backup's cron line, where a line break would start a new line.</summary>
    private static string? PathOf(StackVariables variables, string name) =>
        variables.WithOrigins.TryGetValue(name, out var given) && given.Value.Any(char.IsControl)
            ? throw new BuildInputException($"{given.Origin}: {name} holds a control character (a line break, tab or the like), which no host path takes: remove it.")
            : variables[name];
}
