using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <param name="Implementation">The compose the user asked for; null lets each machine use what it has, v2 first.</param>
public sealed record ComposeSettings(string ProjectName, IReadOnlyList<string> ComposeFiles, ComposeFlavor? Implementation = null)
{
    private static readonly string[] DefaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    public static readonly Setting ProjectNameSetting = new(
        "project-name", "The compose project name: one set of containers whatever the release.", "COMPOSE_PROJECT_NAME, else the stack's folder name");

    public static readonly Setting ComposeFile = new(
        "compose-file", "Compose files relative to the stack, comma-separated; later ones extend earlier ones.", "compose.yaml or docker-compose.yml");

    public static readonly Setting Compose = new(
        "compose",
        "Which compose runs, here and on --host: v2 (the docker compose plugin), v1 (docker-compose 1.x), or auto: v2 where it is installed, else v1.",
        "auto");

    public static IReadOnlyList<Setting> Definitions { get; } = [ProjectNameSetting, ComposeFile, Compose];

    public static ComposeSettings Read(SettingSources sources, string stackDirectory, StackVariables variables)
    {
        var projectName = sources.Find(ProjectNameSetting)?.Value
            ?? (variables.IsSet("COMPOSE_PROJECT_NAME") ? variables["COMPOSE_PROJECT_NAME"]! : Path.GetFileName(stackDirectory).ToLowerInvariant());

        var files = sources.Find(ComposeFile) is { } given
            ? [.. given.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(file => InStack(file, given.Origin, stackDirectory))]
            : DefaultFileNames.Where(name => File.Exists(Path.Combine(stackDirectory, name))).Take(1).ToArray();

        return new ComposeSettings(projectName, files, ReadImplementation(sources));
    }

    /// <summary>The value of <see cref="Compose"/> that asks for this flavour.</summary>
    public static string OptionValue(ComposeFlavor flavor) => flavor == ComposeFlavor.PluginV2 ? "v2" : "v1";

    private static ComposeFlavor? ReadImplementation(SettingSources sources) =>
        sources.Get(Compose)!.ToLowerInvariant() switch
        {
            "auto" => null,
            "v2" => ComposeFlavor.PluginV2,
            "v1" => ComposeFlavor.StandaloneV1,
            var other => throw new BuildInputException(
                $"{sources.Find(Compose)?.Origin ?? Compose.Option}: {Compose.Option} takes auto, v1 or v2, not '{other}'."),
        };

    /// <summary>A release carries the stack directory only: a compose file outside it would never reach the host.</summary>
    private static string InStack(string file, string origin, string stackDirectory)
    {
        var full = Path.GetFullPath(file, stackDirectory);
        if (Path.IsPathRooted(file) || !full.StartsWith(Path.GetFullPath(stackDirectory).TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new BuildInputException(
                $"{origin}: {ComposeFile.Option} takes paths inside the stack {stackDirectory}, relative to it; '{file}' is not, so it would never be uploaded: move it into the stack.");
        }

        if (!File.Exists(full) && !File.Exists(full + TemplateSet.Suffix))
        {
            throw new BuildInputException($"{origin}: neither {full} nor a template of it exists: check {ComposeFile.Option}.");
        }

        return file;
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
