using PrivateCloud.Frosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>Reads a compose file as YAML, for the questions compose itself does not answer.</summary>
public static class ComposeYaml
{
    /// <summary>The file's top-level mapping; null for an empty file.</summary>
    public static YamlMappingNode? Load(string path)
    {
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
        catch (FileNotFoundException)
        {
            throw new BuildInputException($"{path} does not exist: check {ComposeSettings.ComposeFile.Option}.");
        }

        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
    }

    public static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;
}
