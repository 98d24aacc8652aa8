using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Docker;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Configuration.Compose;

/// <summary>
/// The files compose reads besides the compose files of a project: each service's env_file, the
/// file an extends names, the files an include brings in, and in turn what those name. A relative
/// path counts both from the project directory and from the file naming it, as compose versions
/// differ there: one more file hashed costs less than a change missed.
/// </summary>
/// <param name="Files">Full paths, sorted, each once; some may not exist.</param>
/// <param name="NamedThroughVariable">A path holds a variable only compose can resolve: no list of files is complete.</param>
public sealed record ComposeReadFiles(IReadOnlyList<string> Files, bool NamedThroughVariable)
{
    public static ComposeReadFiles Of(ComposeProject project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var throughVariable = false;
        var pending = new Queue<string>(project.Files);
        var visited = new HashSet<string>(project.Files, StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var composeFile = pending.Dequeue();
            foreach (var named in Named(composeFile))
            {
                if (named.Path.Contains('$', StringComparison.Ordinal))
                {
                    throughVariable = true;
                    continue;
                }

                foreach (var folder in new[] { project.Directory, Path.GetDirectoryName(composeFile)! }.Distinct())
                {
                    var path = Path.GetFullPath(named.Path, folder);
                    found.Add(path);
                    if (named.IsComposeFile && File.Exists(path) && visited.Add(path))
                    {
                        pending.Enqueue(path);
                    }
                }
            }
        }

        found.ExceptWith(project.Files);
        return new ComposeReadFiles([.. found], throughVariable);
    }

    /// <summary>
    /// Whether compose reads one of these files, given relative to the project directory: a compose
    /// file or a file one names; true when a path named through a variable leaves the list incomplete.
    /// </summary>
    public static bool ReadsAny(ComposeProject project, IEnumerable<string> relativeFiles)
    {
        var read = Of(project);
        if (read.NamedThroughVariable)
        {
            return true;
        }

        var files = new HashSet<string>(read.Files.Concat(project.Files), StringComparer.Ordinal);
        return relativeFiles.Any(file => files.Contains(Path.GetFullPath(file, project.Directory)));
    }

    /// <summary>What one compose file names; nothing when it is no YAML compose reads (compose then rejects it itself).</summary>
    private static IEnumerable<(string Path, bool IsComposeFile)> Named(string composeFile)
    {
        YamlMappingNode? root;
        try
        {
            root = File.Exists(composeFile) ? ComposeYaml.Load(composeFile) : null;
        }
        catch (BuildInputException)
        {
            yield break;
        }

        if (root is null)
        {
            yield break;
        }

        foreach (var include in Items(ComposeYaml.Child(root, "include")))
        {
            var paths = include is YamlMappingNode map ? [.. Items(ComposeYaml.Child(map, "path")), .. Items(ComposeYaml.Child(map, "env_file"))] : new[] { include };
            foreach (var path in paths.OfType<YamlScalarNode>())
            {
                yield return (path.Value!, true);
            }
        }

        if (ComposeYaml.Child(root, "services") is not YamlMappingNode services)
        {
            yield break;
        }

        foreach (var service in services.Children.Values.OfType<YamlMappingNode>())
        {
            foreach (var envFile in Items(ComposeYaml.Child(service, "env_file")))
            {
                var path = envFile is YamlMappingNode map ? ComposeYaml.Scalar(map, "path") : (envFile as YamlScalarNode)?.Value;
                if (path is not null)
                {
                    yield return (path, false);
                }
            }

            if (ComposeYaml.Child(service, "extends") is YamlMappingNode extends && ComposeYaml.Scalar(extends, "file") is { } extended)
            {
                yield return (extended, true);
            }
        }
    }

    /// <summary>A list's items, or a lone value as a list of one, as compose accepts both.</summary>
    private static IEnumerable<YamlNode> Items(YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children,
        _ => [node],
    };
}
