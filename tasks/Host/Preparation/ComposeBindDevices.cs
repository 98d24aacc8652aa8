using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.Interpolation;
using PrivateCloud.Tasks.Docker;
using static PrivateCloud.Tasks.Docker.ComposeYaml;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>
/// The host directories the stack's named volumes bind to: <c>driver_opts: {type: none, o: bind, device: /mnt/...}</c>.
/// Docker does not create such a directory; a volume whose device is missing fails the container's start.
/// </summary>
public static class ComposeBindDevices
{
    /// <summary>
    /// Reads <paramref name="files"/> (relative to <paramref name="stackDirectory"/>), expanding
    /// <c>${VAR}</c> as compose does from <paramref name="variables"/>. Relative devices are left out:
    /// compose hands them to the engine as they are, so they name no directory this tool could create.
    /// </summary>
    public static IReadOnlyList<string> Read(string stackDirectory, IEnumerable<string> files, Func<string, string?> variables)
    {
        var devices = new List<string>();
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file, stackDirectory);
            foreach (var (device, line) in Devices(ComposeYaml.Load(path)))
            {
                string expanded;
                try
                {
                    expanded = ComposeInterpolation.Expand(device, variables);
                }
                catch (FormatException exception)
                {
                    throw new BuildInputException($"{path}:{line}: the volume device '{device}': {exception.Message}");
                }

                if (expanded.StartsWith('/'))
                {
                    devices.Add(expanded.Length > 1 ? expanded.TrimEnd('/') : expanded);
                }
            }
        }

        return devices.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<(string Device, long Line)> Devices(YamlMappingNode? root)
    {
        if (root is null || Child(root, "volumes") is not YamlMappingNode volumes)
        {
            yield break;
        }

        foreach (var volume in volumes.Children.Values.OfType<YamlMappingNode>())
        {
            // Only bind volumes: other drivers' "device" is an NFS export or a block device, not a directory.
            if (Child(volume, "driver_opts") is YamlMappingNode options
                && Child(options, "device") is YamlScalarNode { Value: { Length: > 0 } device } node
                && (Child(options, "o") as YamlScalarNode)?.Value?.Split(',').Contains("bind") == true)
            {
                yield return (device, node.Start.Line);
            }
        }
    }
}
