using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Host.DataDisks;

/// <summary>A directory on the host the stack keeps data in, and the .env variable that names it.</summary>
public sealed record DataDirectory(string Variable, string Path)
{
    public const string DatabasesVariable = "DATABASES_DIR";
    public const string FilesVariable = "FILES_DIR";

    /// <summary>DATABASES_DIR and FILES_DIR where the .env sets them: each is meant to be a disk of its own.</summary>
    public static IReadOnlyList<DataDirectory> From(StackVariables variables) =>
        [.. new[] { DatabasesVariable, FilesVariable }
            .Where(variables.IsSet)
            .Select(name => new DataDirectory(name, variables[name]!.TrimEnd('/') is { Length: > 0 } path ? path : "/"))];
}
