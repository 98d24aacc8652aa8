using PrivateCloud.Tasks.Plumbing.Docker;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// Which files of the stack each service bind-mounts. Compose recreates a container when its
/// configuration or image changes, but not when a file it mounts changes: a deploy that changes
/// such a file recreates the services mounting it.
/// </summary>
public sealed class BindMounts
{
    private readonly Dictionary<string, List<string>> _sourcesByService = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _services = new(StringComparer.Ordinal);

    /// <summary>Every service the compose files declare, sorted.</summary>
    public IReadOnlyCollection<string> Services => _services;

    /// <summary>Reads the compose files; <paramref name="files"/> are paths relative to <paramref name="stackDirectory"/> or absolute.</summary>
    public static BindMounts Read(string stackDirectory, IEnumerable<string> files)
    {
        var mounts = new BindMounts();
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file, stackDirectory);
            if (ComposeYaml.Load(path) is { } root && ComposeYaml.Child(root, "services") is YamlMappingNode services)
            {
                foreach (var (name, definition) in services.Children)
                {
                    var service = ((YamlScalarNode)name).Value!;
                    mounts._services.Add(service);
                    mounts.Add(service, definition, Path.GetDirectoryName(path)!, stackDirectory);
                }
            }
        }

        return mounts;
    }

    /// <summary>The services that mount one of these stack-relative files, or a directory holding one.</summary>
    public IReadOnlyList<string> ServicesUsing(IEnumerable<string> changedFiles)
    {
        var changed = changedFiles.ToList();
        return _sourcesByService
            .Where(service => service.Value.Any(source => changed.Any(file => Contains(source, file))))
            .Select(service => service.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static bool Contains(string source, string file) =>
        source.Length == 0 || file == source || file.StartsWith(source + "/", StringComparison.Ordinal);

    private void Add(string service, YamlNode definition, string composeDirectory, string stackDirectory)
    {
        if (definition is not YamlMappingNode map || ComposeYaml.Child(map, "volumes") is not YamlSequenceNode list)
        {
            return;
        }

        foreach (var volume in list.Children)
        {
            var source = volume switch
            {
                // Short syntax: SOURCE:TARGET[:MODE]; a source starting with '.' is a path, a bare name a volume.
                YamlScalarNode { Value: { } text } => text.Split(':')[0],
                YamlMappingNode longSyntax when ComposeYaml.Scalar(longSyntax, "type") == "bind" => ComposeYaml.Scalar(longSyntax, "source"),
                _ => null,
            };

            if (source is null || !source.StartsWith('.'))
            {
                continue;
            }

            var relative = Path.GetRelativePath(stackDirectory, Path.GetFullPath(source, composeDirectory)).Replace('\\', '/');
            if (!relative.StartsWith("..", StringComparison.Ordinal))
            {
                if (!_sourcesByService.TryGetValue(service, out var sources))
                {
                    _sourcesByService[service] = sources = [];
                }

                sources.Add(relative == "." ? string.Empty : relative);
            }
        }
    }
}
