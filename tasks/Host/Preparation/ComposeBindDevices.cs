using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Docker;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Host.Preparation;

/// <summary>
/// The host directories the stack's named volumes bind to: <c>driver_opts: {type: none, o: bind, device: /mnt/...}</c>,
/// each with the owner declared beside it (<c>x-owner: {user, group, mode}</c>, which both compose
/// versions accept and ignore). Docker does not create such a directory, and a fresh one belongs to
/// root, which most images do not run as: the declaration is the one place that says who writes there.
/// </summary>
public static class ComposeBindDevices
{
    /// <summary>
    /// Reads <paramref name="files"/> (relative to <paramref name="stackDirectory"/>), expanding
    /// <c>${VAR}</c> as compose does from <paramref name="variables"/>. Relative devices are left out:
    /// compose hands them to the engine as they are, so they name no directory this tool could create.
    /// A bind volume without a usable <c>x-owner</c> is an error naming the file, line and volume.
    /// </summary>
    public static IReadOnlyList<BindDirectory> Read(string stackDirectory, IEnumerable<string> files, Func<string, string?> variables)
    {
        var directories = new List<(BindDirectory Directory, string Where)>();
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file, stackDirectory);
            foreach (var volume in BindVolumes(ComposeYaml.Load(path)))
            {
                var where = $"{path}:{volume.Line}: the bind volume '{volume.Name}'";
                var device = Expand(volume.Device, variables, where);
                if (!device.StartsWith('/'))
                {
                    continue;
                }

                var owner = ReadOwner(volume.Owner, variables, where);
                directories.Add((new BindDirectory(device.Length > 1 ? device.TrimEnd('/') : device, owner), where));
            }
        }

        foreach (var group in directories.GroupBy(d => d.Directory.Path, StringComparer.Ordinal))
        {
            if (group.Select(d => d.Directory.Owner).Distinct().Count() > 1)
            {
                throw new BuildInputException(
                    $"{string.Join(" and ", group.Select(d => d.Where))} bind {group.Key} with different x-owner declarations: one directory has one owner.");
            }
        }

        return directories.Select(d => d.Directory).DistinctBy(d => d.Path, StringComparer.Ordinal).ToList();
    }

    private sealed record BindVolume(string Name, string Device, long Line, YamlNode? Owner);

    private static IEnumerable<BindVolume> BindVolumes(YamlMappingNode? root)
    {
        if (root is null || Child(root, "volumes") is not YamlMappingNode volumes)
        {
            yield break;
        }

        foreach (var (key, value) in volumes.Children)
        {
            // Only bind volumes: other drivers' "device" is an NFS export or a block device, not a directory.
            if (value is YamlMappingNode volume
                && Child(volume, "driver_opts") is YamlMappingNode options
                && Child(options, "device") is YamlScalarNode { Value: { Length: > 0 } device }
                && (Child(options, "o") as YamlScalarNode)?.Value?.Split(',').Contains("bind") == true)
            {
                yield return new BindVolume(((YamlScalarNode)key).Value!, device, key.Start.Line, Child(volume, DirectoryOwner.Key));
            }
        }
    }

    private static DirectoryOwner ReadOwner(YamlNode? node, Func<string, string?> variables, string where)
    {
        const string Example = "x-owner: {user: \"<uid>\", group: \"<gid>\", mode: \"0755\"}";
        if (node is not YamlMappingNode owner)
        {
            throw new BuildInputException($"{where} has no {DirectoryOwner.Key}: declare who owns its directory beside it, e.g. {Example}.");
        }

        string Field(string name) => Child(owner, name) is YamlScalarNode { Value: { } value }
            ? Expand(value, variables, where)
            : throw new BuildInputException($"{where}: its {DirectoryOwner.Key} has no {name}: {Example}.");

        var declared = new DirectoryOwner(Field("user"), Field("group"), Field("mode"));
        return declared.Problem() is { } problem
            ? throw new BuildInputException($"{where}: its {DirectoryOwner.Key} {problem} (after expanding variables).")
            : declared;
    }

    private static string Expand(string text, Func<string, string?> variables, string where)
    {
        try
        {
            return ComposeInterpolation.Expand(text, variables);
        }
        catch (FormatException exception)
        {
            throw new BuildInputException($"{where}: '{text}': {exception.Message}");
        }
    }
}
