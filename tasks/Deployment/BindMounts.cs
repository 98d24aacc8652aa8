using PrivateCloud.Frosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Deployment;

/// <summary>
/// Which files of the stack each service bind-mounts. Compose recreates a container when its
/// configuration or image changes, but not when a file it mounts changes: a deploy that changes
/// such a file recreates the services mounting it.
/// </summary>
public sealed class BindMounts
{
    private readonly Dictionary<string, List<string>> _sourcesByService = new(StringComparer.Ordinal);

    /// <summary>Reads the compose files; <paramref name="files"/> are paths relative to <paramref name="stackDirectory"/> or absolute.</summary>
    public static BindMounts Read(string stackDirectory, IEnumerable<string> files)
    {
        var mounts = new BindMounts();
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file, stackDirectory);
            var stream = new YamlStream();
            try
            {
                using var reader = File.OpenText(path);
                stream.Load(reader);
            }
            catch (YamlException exception)
            {
                throw new BuildInputException($"{path}:{exception.Start.Line}: not valid YAML: {exception.Message}");
            }

            if (stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("services"), out var services)
                && services is YamlMappingNode serviceMap)
            {
                foreach (var (name, definition) in serviceMap.Children)
                {
                    mounts.Add(((YamlScalarNode)name).Value!, definition, Path.GetDirectoryName(path)!, stackDirectory);
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
        if (definition is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode("volumes"), out var volumes)
            || volumes is not YamlSequenceNode list)
        {
            return;
        }

        foreach (var volume in list.Children)
        {
            var source = volume switch
            {
                // Short syntax: SOURCE:TARGET[:MODE]; a source starting with '.' is a path, a bare name a volume.
                YamlScalarNode { Value: { } text } => text.Split(':')[0],
                YamlMappingNode longSyntax when Scalar(longSyntax, "type") == "bind" => Scalar(longSyntax, "source"),
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

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;
}
