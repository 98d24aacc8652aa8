using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Docker;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// What each built service's image is made from, as one hash per service: its build section in the
/// compose files and every file of its context the .dockerignore leaves in (path, mode and content
/// hash, taken from the release's manifest, so nothing is read twice), plus a Dockerfile outside the
/// context. Two releases with the same hash for a service build the same image for it.
/// </summary>
public static class BuildContexts
{
    private const string DockerIgnoreFileName = ".dockerignore";

    /// <summary>
    /// The hash of every service with a build section whose context lies in the stack. A context
    /// compose fetches (a git or HTTP URL) or one outside the stack is left out: it is always built.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Of(IReadOnlyList<string> composeFiles, string stackDirectory, ReleaseManifest manifest)
    {
        var root = Path.GetFullPath(stackDirectory);
        var sections = new Dictionary<string, List<YamlNode>>(StringComparer.Ordinal);
        foreach (var file in composeFiles)
        {
            if (ComposeYaml.Load(file) is { } document && ComposeYaml.Child(document, "services") is YamlMappingNode services)
            {
                foreach (var (name, service) in services.Children)
                {
                    if (service is YamlMappingNode map && ComposeYaml.Child(map, "build") is { } build)
                    {
                        sections.TryAdd(((YamlScalarNode)name).Value!, []);
                        sections[((YamlScalarNode)name).Value!].Add(build);
                    }
                }
            }
        }

        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (service, builds) in sections)
        {
            // A later compose file's build section overrides an earlier one's keys: the last one names the context.
            var last = builds[^1];
            var context = last is YamlMappingNode map ? ComposeYaml.Scalar(map, "context") ?? "." : ((YamlScalarNode)last).Value ?? ".";
            var dockerfile = last is YamlMappingNode withFile ? ComposeYaml.Scalar(withFile, "dockerfile") : null;
            if (Relative(root, context) is { } contextPath)
            {
                hashes[service] = Hash(string.Join("\n", builds.Select(build => build.ToString())), contextPath, dockerfile, root, manifest);
            }
        }

        return hashes;
    }

    /// <summary>
    /// The services to build for <paramref name="next"/>: each whose hash differs from the one
    /// <paramref name="previous"/> recorded, or that has none there, and each built one it cannot
    /// judge; none when no service is built. Null when every service must be built: there is no
    /// previous release, or it recorded no hashes though services are built.
    /// </summary>
    public static IReadOnlyList<string>? ServicesToBuild(ReleaseManifest next, ReleaseManifest? previous, IReadOnlyCollection<string> builtServices)
    {
        if (builtServices.Count == 0)
        {
            return [];
        }

        if (previous is null || previous.BuildContexts.Count == 0)
        {
            return null;
        }

        return [.. builtServices
            .Where(service => !next.BuildContexts.TryGetValue(service, out var hash) || previous.BuildContexts.GetValueOrDefault(service) != hash)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Every service of the compose files with a build section.</summary>
    public static IReadOnlyList<string> BuiltServices(IReadOnlyList<string> composeFiles) =>
        [.. composeFiles
            .Select(ComposeYaml.Load)
            .OfType<YamlMappingNode>()
            .Select(document => ComposeYaml.Child(document, "services"))
            .OfType<YamlMappingNode>()
            .SelectMany(services => services.Children.Where(service => service.Value is YamlMappingNode map && ComposeYaml.Child(map, "build") is not null))
            .Select(service => ((YamlScalarNode)service.Key).Value!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The services without a build section whose <c>image:</c> names the image one of
    /// <paramref name="built"/> builds (the same text, as compose tags the build with it): a
    /// rebuild changes what they run too.
    /// </summary>
    public static IReadOnlyList<string> ServicesRunningImagesOf(IReadOnlyList<string> composeFiles, IReadOnlyCollection<string> built)
    {
        if (built.Count == 0)
        {
            return [];
        }

        // A later compose file overrides an earlier one's keys, so each service's last image and build win.
        var images = new Dictionary<string, (string? Image, bool Builds)>(StringComparer.Ordinal);
        foreach (var services in composeFiles.Select(ComposeYaml.Load).OfType<YamlMappingNode>().Select(document => ComposeYaml.Child(document, "services")).OfType<YamlMappingNode>())
        {
            foreach (var (name, service) in services.Children)
            {
                if (service is YamlMappingNode map)
                {
                    var known = images.GetValueOrDefault(((YamlScalarNode)name).Value!);
                    images[((YamlScalarNode)name).Value!] = (ComposeYaml.Scalar(map, "image") ?? known.Image, known.Builds || ComposeYaml.Child(map, "build") is not null);
                }
            }
        }

        var builtImages = built.Select(service => images.GetValueOrDefault(service).Image).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. images.Where(s => !s.Value.Builds && s.Value.Image is { } image && builtImages.Contains(image)).Select(s => s.Key).Order(StringComparer.Ordinal)];
    }

    private static string Hash(string sections, string contextPath, string? dockerfile, string root, ReleaseManifest manifest)
    {
        var prefix = contextPath.Length == 0 ? string.Empty : contextPath + "/";
        var ignore = DockerIgnore(Path.Combine(root, contextPath, DockerIgnoreFileName));
        var dockerfilePath = dockerfile is null ? null : Relative(root, Path.Combine(contextPath, dockerfile));
        var text = new StringBuilder(sections).Append('\n');
        foreach (var file in manifest.Files)
        {
            // A build section that interpolates (build args from the .env) changes with the .env.
            var interpolatedFrom = sections.Contains('$', StringComparison.Ordinal) && file.Path == ReleaseManifest.EnvFileName;
            var inContext = file.Path.StartsWith(prefix, StringComparison.Ordinal)
                && (file.Path[prefix.Length..] == DockerIgnoreFileName || !Ignored(ignore, file.Path[prefix.Length..]));
            if (inContext || interpolatedFrom || file.Path == dockerfilePath)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Convert.ToString((int)file.Mode, 8)} {file.Sha256} {file.Path}\n");
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// The .dockerignore's rules in order, as docker reads them: each pattern matches from the
    /// context's root ('*' and '?' within one path segment, '**' across segments), a match on a
    /// folder covers what it holds, and the last matching rule wins, so '!' takes a file back.
    /// </summary>
    private static List<(Regex Pattern, bool Exception)> DockerIgnore(string path) =>
        File.Exists(path)
            ? [.. File.ReadAllLines(path)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line.StartsWith('!') ? (Pattern(line[1..]), true) : (Pattern(line), false))]
            : [];

    private static Regex Pattern(string rule)
    {
        var text = rule.Trim();
        text = (text.StartsWith("./", StringComparison.Ordinal) ? text[2..] : text).Trim('/');
        var regex = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else
            {
                regex.Append(text[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    var other => Regex.Escape(other.ToString()),
                });
            }
        }

        return new Regex(regex.Append("(/.*)?$").ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>Whether docker leaves the file out of the context: the last rule matching it, or a folder holding it, decides.</summary>
    private static bool Ignored(List<(Regex Pattern, bool Exception)> rules, string path)
    {
        var ignored = false;
        foreach (var (pattern, exception) in rules)
        {
            if (pattern.IsMatch(path))
            {
                ignored = !exception;
            }
        }

        return ignored;
    }

    /// <summary>The context's path inside the stack with '/' separators ("" for the stack itself); null for a URL or a path outside it.</summary>
    private static string? Relative(string root, string context)
    {
        if (context.Contains("://", StringComparison.Ordinal) || context.StartsWith("git@", StringComparison.Ordinal) || context.Contains('$', StringComparison.Ordinal))
        {
            return null;
        }

        var relative = Path.GetRelativePath(root, Path.GetFullPath(context, root)).Replace(Path.DirectorySeparatorChar, '/');
        return relative == "." ? string.Empty : relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }
}
