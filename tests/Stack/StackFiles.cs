using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Testing.DotnetTest;
using YamlDotNet.RepresentationModel;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Stack;

/// <summary>The repository's real stack, <c>configuration/</c>, as the tests read and copy it.</summary>
public static class StackFiles
{
    public const string ComposeFileName = "docker-compose.yaml";

    public static string Directory { get; } = Path.Combine(SourceRoot.Find(), "configuration");

    public static string ComposeFile => Path.Combine(Directory, ComposeFileName);

    public static string EnvDist => Path.Combine(Directory, ".env.dist");

    public static IReadOnlyDictionary<string, string> EnvDistValues => DotEnvFile.Load(EnvDist, _ => null).Values;

    public static YamlMappingNode Compose => ComposeYaml.Load(ComposeFile)!;

    public static YamlMappingNode Services => (YamlMappingNode)ComposeYaml.Child(Compose, "services")!;

    public static IEnumerable<(string Name, YamlMappingNode Definition)> EachService() =>
        Services.Children.Select(pair => (((YamlScalarNode)pair.Key).Value!, (YamlMappingNode)pair.Value));

    /// <summary>
    /// Copies the stack as a fresh clone has it: without a .env, a DKIM key or rendered templates
    /// a local run of the tasks may have left in the working tree.
    /// </summary>
    public static void CopyTo(string target)
    {
        var templates = TemplateSet.Find(Directory).Select(t => t.OutputPath).ToHashSet(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Directory, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (relative == ".env" || parts.Contains("dkim") || templates.Contains(file))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
