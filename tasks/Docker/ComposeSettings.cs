using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Settings;

namespace PrivateCloud.Tasks.Docker;

public sealed record ComposeSettings(string ProjectName, IReadOnlyList<string> ComposeFiles)
{
    private static readonly string[] DefaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    public static readonly Setting ProjectNameSetting = new(
        "project-name", "The compose project name: one set of containers whatever the release.", "COMPOSE_PROJECT_NAME, else the stack's folder name");

    public static readonly Setting ComposeFile = new(
        "compose-file", "Compose files relative to the stack, comma-separated; later ones extend earlier ones.", "compose.yaml or docker-compose.yml");

    public static IReadOnlyList<Setting> Definitions { get; } = [ProjectNameSetting, ComposeFile];

    public static ComposeSettings Read(SettingSources sources, string stackDirectory, StackVariables variables)
    {
        var projectName = sources.Find(ProjectNameSetting)?.Value
            ?? (variables.IsSet("COMPOSE_PROJECT_NAME") ? variables["COMPOSE_PROJECT_NAME"]! : Path.GetFileName(stackDirectory).ToLowerInvariant());

        var files = sources.Find(ComposeFile) is { } given
            ? given.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : DefaultFileNames.Where(name => File.Exists(Path.Combine(stackDirectory, name))).Take(1).ToArray();

        return new ComposeSettings(projectName, files);
    }

    /// <summary>The project, checked: a missing compose file or a bad name is the user's to fix.</summary>
    public ComposeProject Project(string stackDirectory, string envFile)
    {
        if (ComposeFiles.Count == 0)
        {
            throw new BuildInputException(
                $"No compose file in {stackDirectory}: add docker-compose.yml or name it with {ComposeFile.Option}.");
        }

        var missing = ComposeFiles.FirstOrDefault(file => !File.Exists(Path.Combine(stackDirectory, file)));
        if (missing is not null)
        {
            throw new BuildInputException($"{ComposeFile.Option}: {Path.Combine(stackDirectory, missing)} does not exist.");
        }

        try
        {
            return new ComposeProject(ProjectName, stackDirectory, ComposeFiles, envFile);
        }
        catch (ArgumentException exception)
        {
            throw new BuildInputException($"{ProjectNameSetting.Option} (or COMPOSE_PROJECT_NAME): {exception.Message}");
        }
    }
}
