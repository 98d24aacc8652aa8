using System.Text.RegularExpressions;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;
using YamlDotNet.RepresentationModel;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// The names Traefik serves over HTTPS, read where Traefik reads them: every <c>Host(`...`)</c> in the
/// rule labels of the compose files' HTTP routers, interpolated as compose does. A router whose service
/// is <c>noop@internal</c> serves nothing (the mail-certificate router only makes Traefik fetch
/// MAIL_DOMAIN's certificate); its name is left to the mail endpoints, which check that certificate
/// on the mail ports.
/// </summary>
public static partial class TraefikRoutes
{
    private const string RouterPrefix = "traefik.http.routers.";
    private const string ServesNothing = "noop@internal";

    /// <summary>
    /// The names the run's stack routes. Without its compose files (a checkout holding only the .env)
    /// nothing is known to be routed, and the list is empty.
    /// </summary>
    public static IReadOnlyList<string> Of(BuildSettings settings) => Hosts(
        settings.StackDirectory,
        settings.Compose.ComposeFiles.Where(file => File.Exists(Path.Combine(settings.StackDirectory, file))),
        name => settings.Variables[name]);

    /// <param name="files">The compose files, relative to <paramref name="stackDirectory"/>, in compose's order: a later file's label overrides an earlier one's.</param>
    public static IReadOnlyList<string> Hosts(string stackDirectory, IEnumerable<string> files, Func<string, string?> variables)
    {
        var labels = new Dictionary<string, Dictionary<string, (string Value, string Where)>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file, stackDirectory);
            if (Load(path) is not { } root || Child(root, "services") is not YamlMappingNode services)
            {
                continue;
            }

            foreach (var (name, definition) in services.Children.Select(s => (((YamlScalarNode)s.Key).Value!, s.Value)).Where(s => s.Value is YamlMappingNode))
            {
                if (!labels.TryGetValue(name, out var own))
                {
                    labels[name] = own = new(StringComparer.Ordinal);
                }

                foreach (var (key, value, line) in Labels((YamlMappingNode)definition))
                {
                    own[key] = (value, $"{path}:{line}");
                }
            }
        }

        var hosts = new List<string>();
        foreach (var own in labels.Values)
        {
            foreach (var (key, (rule, where)) in own.Where(l => l.Key.StartsWith(RouterPrefix, StringComparison.Ordinal) && l.Key.EndsWith(".rule", StringComparison.Ordinal)))
            {
                var router = key[RouterPrefix.Length..^".rule".Length];
                if (own.GetValueOrDefault($"{RouterPrefix}{router}.service").Value == ServesNothing)
                {
                    continue;
                }

                string expanded;
                try
                {
                    expanded = ComposeInterpolation.Expand(rule, variables);
                }
                catch (FormatException exception)
                {
                    throw new BuildInputException($"{where}: the label {key}: {exception.Message}");
                }

                hosts.AddRange(HostMatcher().Matches(expanded).Select(m => m.Groups[1].Value.Trim()).Where(host => host.Length > 0));
            }
        }

        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>A service's labels, written as a mapping or as a list of key=value.</summary>
    private static IEnumerable<(string Key, string Value, long Line)> Labels(YamlMappingNode service) => Child(service, "labels") switch
    {
        YamlMappingNode map => map.Children
            .Where(p => p.Key is YamlScalarNode && p.Value is YamlScalarNode)
            .Select(p => (((YamlScalarNode)p.Key).Value!, ((YamlScalarNode)p.Value).Value ?? string.Empty, p.Key.Start.Line)),
        YamlSequenceNode list => list.Children
            .OfType<YamlScalarNode>()
            .Select(s => (Text: s.Value ?? string.Empty, At: (s.Value ?? string.Empty).IndexOf('=', StringComparison.Ordinal), s.Start.Line))
            .Where(s => s.At > 0)
            .Select(s => (s.Text[..s.At], s.Text[(s.At + 1)..], s.Line)),
        _ => [],
    };

    [GeneratedRegex(@"\bHost\(\s*`([^`]*)`\s*\)")]
    private static partial Regex HostMatcher();
}
