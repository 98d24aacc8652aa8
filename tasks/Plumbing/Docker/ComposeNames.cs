using System.Text.RegularExpressions;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// Service, volume and network names given as settings, checked before they reach a compose or
/// docker command line: one starting with '-' would be read there as an option, and one the compose
/// files do not define would only fail late, after a build.
/// </summary>
public static partial class ComposeNames
{
    /// <summary>The name, when compose would accept it as a service, volume or network name.</summary>
    public static string Valid(string name, string origin, string option) =>
        NamePattern().IsMatch(name)
            ? name
            : throw new BuildInputException(
                $"{origin}: {option} takes names of letters, digits, '_', '.' and '-' that start with a letter or digit; '{name}' is not one.");

    /// <summary>Refuses names the compose files do not define under <paramref name="section"/> (services, volumes).</summary>
    public static void RequireDefined(IReadOnlyCollection<string> names, string section, string option, string stackDirectory, IReadOnlyList<string> files)
    {
        if (names.Count == 0)
        {
            return;
        }

        var defined = files
            .Select(file => ComposeYaml.Load(Path.Combine(stackDirectory, file)))
            .OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .Select(root => ComposeYaml.Child(root, section))
            .OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .SelectMany(map => map.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(key => key.Value!))
            .ToHashSet(StringComparer.Ordinal);
        var unknown = names.FirstOrDefault(name => !defined.Contains(name));
        if (unknown is not null)
        {
            var known = defined.Count == 0 ? "none" : string.Join(", ", defined.Order(StringComparer.Ordinal));
            throw new BuildInputException(
                $"{option}={unknown}: {string.Join(", ", files)} in {stackDirectory} define no such {section[..^1]} (defined: {known}).");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z")]
    private static partial Regex NamePattern();
}
