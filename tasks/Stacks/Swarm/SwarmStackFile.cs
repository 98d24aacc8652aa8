using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Docker;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// The release's compose files as <c>docker stack deploy</c> takes them. The same files serve both
/// orchestrators; for Swarm each is rewritten: what Swarm has no use for goes, with a note naming the
/// service and what Swarm does instead; relative host paths become absolute (the files are handed
/// over from elsewhere); built services run the image built on the manager; and every service that
/// keeps data on its node (a bind mount or a named volume) is placed on the node labelled
/// <see cref="DataLabel"/>, so a rescheduled task finds its data again.
/// </summary>
public sealed class SwarmStackFile
{
    /// <summary>The node label PrepareHost sets on the node holding the data mounts.</summary>
    public const string DataLabel = "privatecloud.data";

    public static readonly string DataConstraint = $"node.labels.{DataLabel}==true";

    /// <summary>Where Traefik reads its static configuration (traefik/traefik pkg/cli/loader_file.go, v3.2.3).</summary>
    public const string TraefikStaticPath = "/etc/traefik/traefik.yml";

    /// <summary>The file, beside the stack files, that carries Traefik's static configuration for Swarm.</summary>
    public const string TraefikStaticAttachment = "traefik-static.yml";

    private const string TraefikLabelPrefix = "traefik.";

    /// <summary>Compose keys Swarm ignores or refuses, and what it does instead.</summary>
    private static readonly Dictionary<string, string> Replaced = new(StringComparer.Ordinal)
    {
        ["container_name"] = "Swarm names each task <stack>_<service>.<replica>.<task id>; other services reach it by its service name",
        ["depends_on"] = "Swarm starts every service at once and restarts one that fails under its restart policy; nothing waits for {0}",
        ["links"] = "services reach each other by service name on the stack's network",
        ["external_links"] = "services reach each other by service name on the stack's network",
        ["network_mode"] = "Swarm attaches the service to the stack's overlay networks instead",
    };

    private readonly IReadOnlyList<(string Name, string Text)> _files;

    private SwarmStackFile(IReadOnlyList<(string Name, string Text)> files, IReadOnlyList<(string Name, YamlMappingNode Root)> parsed)
    {
        _files = files;
        var services = parsed.SelectMany(file => ServicesOf(file.Root)).ToList();
        Services = [.. services.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal)];
        TraefikConfigFile = services.Select(s => StaticConfigMount(s.Definition)).LastOrDefault(source => source is not null);
        BuiltServices = [.. services.Where(s => ComposeYaml.Child(s.Definition, "build") is not null).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal)];
        // A later file's image: overrides an earlier one's, as compose merges them.
        BuiltImageNames = services
            .Where(s => BuiltServices.Contains(s.Name))
            .Select(s => (s.Name, Image: ComposeYaml.Scalar(s.Definition, "image")))
            .Where(s => s.Image is not null)
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Image!, StringComparer.Ordinal);
    }

    /// <summary>Every service the files declare, sorted.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>The services with a <c>build:</c> section: compose builds them on the manager.</summary>
    public IReadOnlyList<string> BuiltServices { get; }

    /// <summary>
    /// The <c>image:</c> a built service names beside its <c>build:</c>, uninterpolated: compose tags
    /// the image it builds with it instead of the project's default name.
    /// </summary>
    public IReadOnlyDictionary<string, string> BuiltImageNames { get; }

    /// <summary>
    /// The host file a service binds at <see cref="TraefikStaticPath"/>, as the compose file names it
    /// (relative to the project directory); null when no service runs Traefik that way.
    /// </summary>
    public string? TraefikConfigFile { get; }

    /// <param name="files">Each compose file's name (for messages) and text, in compose's order.</param>
    public static SwarmStackFile Parse(IReadOnlyList<(string Name, string Text)> files) =>
        new(files, [.. files.Select(file => (file.Name, Load(file.Name, file.Text)))]);

    /// <summary>The files as Swarm takes them, with the notes on what changed.</summary>
    /// <param name="projectDirectory">Where the release lies on the manager: relative host paths resolve against it.</param>
    /// <param name="images">The image each built service runs.</param>
    /// <param name="traefikConfig">The text of <see cref="TraefikConfigFile"/>, read on the manager; null when there is none.</param>
    public SwarmStackRendering Render(string projectDirectory, IReadOnlyDictionary<string, string> images, string? traefikConfig = null)
    {
        var notes = new List<string>();
        var pinned = new SortedSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        var attachments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in _files)
        {
            var root = Load(name, text);
            root.Children.Remove(new YamlScalarNode("name"));
            foreach (var (service, definition) in ServicesOf(root))
            {
                Convert(service, definition, projectDirectory, images, notes, pinned);
            }

            foreach (var section in new[] { "configs", "secrets" })
            {
                if (ComposeYaml.Child(root, section) is YamlMappingNode entries)
                {
                    foreach (var entry in entries.Children.Values.OfType<YamlMappingNode>())
                    {
                        Absolutize(entry, "file", projectDirectory);
                    }
                }
            }

            if (traefikConfig is not null)
            {
                foreach (var (service, definition) in ServicesOf(root).Where(s => StaticConfigMount(s.Definition) is not null))
                {
                    attachments[TraefikStaticAttachment] = SwarmProvider(traefikConfig, service, notes);
                    StaticConfigFromAttachment(root, definition, attachments[TraefikStaticAttachment]);
                }
            }

            var stream = new YamlStream(new YamlDocument(root));
            using var writer = new StringWriter();
            stream.Save(writer, assignAnchors: false);
            texts.Add(writer.ToString());
        }

        return new SwarmStackRendering(texts, [.. notes.Distinct()], [.. pinned]) { Attachments = attachments };
    }

    /// <summary>
    /// Traefik's static configuration with its docker provider made the swarm provider, with the same
    /// settings: the docker provider reads the containers of its own node only, where the swarm provider
    /// reads every service of the swarm from the manager, by the labels of its deploy section.
    /// </summary>
    private static string SwarmProvider(string traefikConfig, string service, List<string> notes)
    {
        var root = Load(TraefikStaticPath, traefikConfig);
        if (ComposeYaml.Child(root, "providers") is YamlMappingNode providers && ComposeYaml.Child(providers, "docker") is { } docker)
        {
            providers.Children.Remove(new YamlScalarNode("docker"));
            providers.Children[new YamlScalarNode("swarm")] = docker;
            notes.Add($"{service}: providers.docker: Traefik's swarm provider takes its place, with the same settings, and reads the routers from each service's deploy.labels.");
        }

        var stream = new YamlStream(new YamlDocument(root));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>
    /// Hands Traefik its Swarm configuration as a Swarm config instead of the bind mount: the file lies
    /// beside the stack files. Swarm configs cannot change, so the name carries the content's hash and a
    /// changed configuration rolls the service onto a new one.
    /// </summary>
    private static void StaticConfigFromAttachment(YamlMappingNode root, YamlMappingNode definition, string text)
    {
        if (ComposeYaml.Child(definition, "volumes") is YamlSequenceNode volumes)
        {
            foreach (var mount in volumes.Children.Where(v => MountTarget(v) == TraefikStaticPath).ToList())
            {
                volumes.Children.Remove(mount);
            }
        }

        var hash = System.Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];
        var key = $"traefik-static-{hash}";
        Mapping(root, "configs").Children[new YamlScalarNode(key)] = new YamlMappingNode(new YamlScalarNode("file"), new YamlScalarNode($"./{TraefikStaticAttachment}"));
        if (ComposeYaml.Child(definition, "configs") is not YamlSequenceNode configs)
        {
            definition.Children[new YamlScalarNode("configs")] = configs = [];
        }

        configs.Add(new YamlMappingNode(new YamlScalarNode("source"), new YamlScalarNode(key), new YamlScalarNode("target"), new YamlScalarNode(TraefikStaticPath)));
    }

    private static string? StaticConfigMount(YamlMappingNode definition) =>
        ComposeYaml.Child(definition, "volumes") is YamlSequenceNode volumes
            ? volumes.Children.Where(v => MountTarget(v) == TraefikStaticPath).Select(MountSource).LastOrDefault()
            : null;

    private static string? MountTarget(YamlNode mount) => mount switch
    {
        YamlScalarNode { Value: { } text } => text.Split(':') is { Length: > 1 } parts ? parts[1] : null,
        YamlMappingNode map => ComposeYaml.Scalar(map, "target"),
        _ => null,
    };

    private static string? MountSource(YamlNode mount) => mount switch
    {
        YamlScalarNode { Value: { } text } => text.Split(':')[0],
        YamlMappingNode map => ComposeYaml.Scalar(map, "source"),
        _ => null,
    };

    private static void Convert(
        string service, YamlMappingNode definition, string projectDirectory, IReadOnlyDictionary<string, string> images, List<string> notes, SortedSet<string> pinned)
    {
        if (ComposeYaml.Child(definition, "build") is not null)
        {
            definition.Children.Remove(new YamlScalarNode("build"));
            if (images.TryGetValue(service, out var image))
            {
                definition.Children[new YamlScalarNode("image")] = new YamlScalarNode(image);
                notes.Add($"{service}: build: Swarm builds no images; compose builds it on the manager and the stack runs it as {image}.");
            }
        }

        foreach (var (key, instead) in Replaced)
        {
            if (ComposeYaml.Child(definition, key) is { } value)
            {
                definition.Children.Remove(new YamlScalarNode(key));
                notes.Add($"{service}: {key}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, instead, string.Join(", ", Names(value)))}.");
            }
        }

        if (ComposeYaml.Child(definition, "restart") is YamlScalarNode { Value: { } restart })
        {
            definition.Children.Remove(new YamlScalarNode("restart"));
            var condition = restart switch
            {
                "no" => "none",
                "on-failure" => "on-failure",
                _ => "any",
            };
            var deploy = Mapping(definition, "deploy");
            if (ComposeYaml.Child(deploy, "restart_policy") is null)
            {
                deploy.Children[new YamlScalarNode("restart_policy")] = new YamlMappingNode(new YamlScalarNode("condition"), new YamlScalarNode(condition));
                notes.Add($"{service}: restart: {restart} becomes deploy.restart_policy.condition {condition}.");
            }
            else
            {
                notes.Add($"{service}: restart: {restart} gives way to its deploy.restart_policy.");
            }
        }

        if (ComposeYaml.Child(definition, "env_file") is { } envFiles)
        {
            definition.Children[new YamlScalarNode("env_file")] = envFiles switch
            {
                YamlScalarNode file => new YamlScalarNode(Absolute(file.Value!, projectDirectory)),
                YamlSequenceNode list => new YamlSequenceNode(list.Children.Select(entry => entry is YamlScalarNode file
                    ? new YamlScalarNode(Absolute(file.Value!, projectDirectory))
                    : entry)),
                _ => envFiles,
            };
        }

        MoveTraefikLabels(service, definition, notes);

        var data = DataMounts(definition, projectDirectory);
        if (data.Count > 0)
        {
            pinned.Add(service);
            var placement = Mapping(Mapping(definition, "deploy"), "placement");
            if (ComposeYaml.Child(placement, "constraints") is not YamlSequenceNode constraints)
            {
                placement.Children[new YamlScalarNode("constraints")] = constraints = [];
            }

            if (!constraints.Children.OfType<YamlScalarNode>().Any(c => c.Value?.Replace(" ", string.Empty, StringComparison.Ordinal) == DataConstraint))
            {
                constraints.Add(new YamlScalarNode(DataConstraint));
            }
        }
    }

    /// <summary>
    /// Moves the service's Traefik labels to <c>deploy.labels</c>: Swarm puts a service's own labels on
    /// its containers, and Traefik's swarm provider reads the service's.
    /// </summary>
    private static void MoveTraefikLabels(string service, YamlMappingNode definition, List<string> notes)
    {
        if (ComposeYaml.Child(definition, "labels") is not { } labels)
        {
            return;
        }

        var moved = labels switch
        {
            YamlMappingNode map => map.Children.Where(p => p.Key is YamlScalarNode { Value: { } key } && key.StartsWith(TraefikLabelPrefix, StringComparison.Ordinal)).ToList(),
            YamlSequenceNode list => list.Children.OfType<YamlScalarNode>()
                .Where(entry => entry.Value?.StartsWith(TraefikLabelPrefix, StringComparison.Ordinal) == true)
                .Select(entry => new KeyValuePair<YamlNode, YamlNode>(
                    new YamlScalarNode(entry.Value!.Split('=', 2)[0]),
                    new YamlScalarNode(entry.Value.Contains('=', StringComparison.Ordinal) ? entry.Value.Split('=', 2)[1] : string.Empty)))
                .ToList(),
            _ => [],
        };
        if (moved.Count == 0)
        {
            return;
        }

        if (labels is YamlMappingNode own)
        {
            moved.ForEach(pair => own.Children.Remove(pair.Key));
        }
        else if (labels is YamlSequenceNode entries)
        {
            entries.Children.OfType<YamlScalarNode>().Where(entry => entry.Value?.StartsWith(TraefikLabelPrefix, StringComparison.Ordinal) == true).ToList()
                .ForEach(entry => entries.Children.Remove(entry));
        }

        var deployLabels = Mapping(Mapping(definition, "deploy"), "labels");
        moved.ForEach(pair => deployLabels.Children[pair.Key] = pair.Value);
        notes.Add($"{service}: labels: traefik.*: Traefik's swarm provider reads a service's labels, not its containers': they move to deploy.labels.");
    }

    /// <summary>The host paths and named volumes the service keeps data in; relative bind sources are made absolute on the way.</summary>
    private static List<string> DataMounts(YamlMappingNode definition, string projectDirectory)
    {
        var found = new List<string>();
        if (ComposeYaml.Child(definition, "volumes") is not YamlSequenceNode volumes)
        {
            return found;
        }

        for (var i = 0; i < volumes.Children.Count; i++)
        {
            switch (volumes.Children[i])
            {
                case YamlScalarNode { Value: { } text } when text.Contains(':', StringComparison.Ordinal):
                    var source = text[..text.IndexOf(':', StringComparison.Ordinal)];
                    found.Add(source);
                    if (IsRelative(source))
                    {
                        volumes.Children[i] = new YamlScalarNode(Absolute(source, projectDirectory) + text[source.Length..]);
                    }

                    break;
                case YamlMappingNode mount when ComposeYaml.Child(mount, "source") is YamlScalarNode { Value: { } named }:
                    found.Add(named);
                    if (ComposeYaml.Child(mount, "type") is YamlScalarNode { Value: "bind" })
                    {
                        Absolutize(mount, "source", projectDirectory);
                    }

                    break;
            }
        }

        return found;
    }

    private static void Absolutize(YamlMappingNode map, string key, string projectDirectory)
    {
        if (ComposeYaml.Child(map, key) is YamlScalarNode { Value: { } path } && IsRelative(path))
        {
            map.Children[new YamlScalarNode(key)] = new YamlScalarNode(Absolute(path, projectDirectory));
        }
    }

    private static bool IsRelative(string path) => path == "." || path == ".." || path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith("../", StringComparison.Ordinal);

    private static string Absolute(string path, string projectDirectory) =>
        IsRelative(path) ? Path.GetFullPath(path, projectDirectory).TrimEnd('/') : path;

    private static IEnumerable<string> Names(YamlNode value) => value switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty),
        YamlMappingNode map => map.Children.Keys.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty),
        _ => [],
    };

    private static YamlMappingNode Mapping(YamlMappingNode parent, string key)
    {
        if (ComposeYaml.Child(parent, key) is YamlMappingNode existing)
        {
            return existing;
        }

        var created = new YamlMappingNode();
        parent.Children[new YamlScalarNode(key)] = created;
        return created;
    }

    private static IEnumerable<(string Name, YamlMappingNode Definition)> ServicesOf(YamlMappingNode root) =>
        ComposeYaml.Child(root, "services") is YamlMappingNode services
            ? services.Children.Where(s => s.Value is YamlMappingNode).Select(s => (((YamlScalarNode)s.Key).Value!, (YamlMappingNode)s.Value))
            : [];

    private static YamlMappingNode Load(string name, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw new BuildInputException($"{name}:{exception.Start.Line}: not valid YAML: {exception.Message}");
        }

        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? [];
    }
}
