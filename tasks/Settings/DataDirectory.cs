namespace PrivateCloud.Tasks.Settings;

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
        variables[DatabasesVariable] is { Length: > 0 } databases ? databases.TrimEnd('/') : "/mnt/databases",
        variables[FilesVariable] is { Length: > 0 } files ? files.TrimEnd('/') : "/mnt/files",
    ];

    /// <summary>DATABASES_DIR and FILES_DIR where the .env sets them: each is meant to be a disk of its own.</summary>
    public static IReadOnlyList<DataDirectory> From(StackVariables variables) =>
        [.. new[] { DatabasesVariable, FilesVariable }
            .Where(variables.IsSet)
            .Select(name => new DataDirectory(name, variables[name]!.TrimEnd('/') is { Length: > 0 } path ? path : "/"))];
}
