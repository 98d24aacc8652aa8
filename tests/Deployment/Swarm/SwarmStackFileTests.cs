using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tests.Deployment.Swarm;

public sealed class SwarmStackFileTests
{
    private const string Compose = """
        name: cloud
        services:
          db:
            image: mariadb:10.11
            container_name: cloud-db
            restart: always
            volumes:
              - ./db/conf.d:/etc/mysql/conf.d:ro
              - db:/var/lib/mysql
            env_file: ./db.env
          app:
            build: ./app
            depends_on:
              db:
                condition: service_healthy
            environment:
              DB_PASSWORD: ${DB_PASSWORD}
            deploy:
              replicas: 3
          proxy:
            image: traefik:v2.11
            volumes:
              - type: bind
                source: ./traefik.yml
                target: /etc/traefik/traefik.yml
            deploy:
              placement:
                constraints: [node.role == manager]
        volumes:
          db:
        configs:
          motd:
            file: ./motd.txt
        """;

    private static YamlMappingNode Service(SwarmStackRendering rendering, string service) =>
        (YamlMappingNode)((YamlMappingNode)Parse(rendering.Files[0])["services"])[service];

    private static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static Dictionary<string, string> DeployLabels(YamlMappingNode services, string service) =>
        ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)services[service])["deploy"])["labels"]).Children
            .ToDictionary(p => p.Key.ToString(), p => p.Value.ToString());

    private static SwarmStackRendering Render(string compose = Compose) =>
        SwarmStackFile.Parse([("docker-compose.yml", compose)]).Render("/opt/cloud/current", new Dictionary<string, string> { ["app"] = "cloud-app:0123456789ab" });

    [Fact]
    public void Built_services_are_named_and_run_the_image_built_on_the_manager()
    {
        var file = SwarmStackFile.Parse([("docker-compose.yml", Compose)]);
        var rendering = Render();

        Assert.Equal(["app"], file.BuiltServices);
        Assert.Equal(["app", "db", "proxy"], file.Services);
        Assert.Equal("cloud-app:0123456789ab", Service(rendering, "app")["image"].ToString());
        Assert.False(Service(rendering, "app").Children.ContainsKey("build"));
        Assert.Contains("app: build: Swarm builds no images; compose builds it on the manager and the stack runs it as cloud-app:0123456789ab.", rendering.Notes);
    }

    [Fact]
    public void A_built_service_names_the_image_it_is_tagged_with_as_the_last_file_gives_it()
    {
        const string Override = """
            services:
              app:
                image: ${REGISTRY}/cloud-app:custom
              db:
                image: mariadb:11.4
            """;

        var file = SwarmStackFile.Parse([("docker-compose.yml", Compose.Replace("build: ./app", "build: ./app\n    image: cloud-app:first", StringComparison.Ordinal)), ("override.yml", Override)]);

        Assert.Equal(new Dictionary<string, string> { ["app"] = "${REGISTRY}/cloud-app:custom" }, file.BuiltImageNames);
        Assert.Empty(SwarmStackFile.Parse([("docker-compose.yml", Compose)]).BuiltImageNames);
    }

    [Fact]
    public void The_real_stack_carries_its_routers_in_deploy_labels_and_traefik_the_swarm_provider()
    {
        var file = SwarmStackFile.Parse([(StackFiles.ComposeFileName, File.ReadAllText(StackFiles.ComposeFile))]);
        // The template, not its rendering: its ${...} are plain YAML strings, and only the providers section changes.
        var traefikConfig = File.ReadAllText(Path.Combine(StackFiles.Directory, "configurations/traefik/traefik.yml.template"));

        var rendering = file.Render("/srv/cloud/current", new Dictionary<string, string>(), traefikConfig);
        var services = (YamlMappingNode)Parse(rendering.Files[0])["services"];
        var traefik = (YamlMappingNode)services["traefik"];
        var routers = services.Children.ToDictionary(
            s => ((YamlScalarNode)s.Key).Value!,
            s => ((YamlMappingNode)s.Value).Children.TryGetValue(new YamlScalarNode("deploy"), out var deploy) && ((YamlMappingNode)deploy).Children.TryGetValue(new YamlScalarNode("labels"), out var labels)
                ? ((YamlMappingNode)labels).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Where(k => k.EndsWith(".rule", StringComparison.Ordinal)).ToList()
                : []);
        var swarmConfig = Parse(rendering.Attachments[SwarmStackFile.TraefikStaticAttachment]);
        var providers = (YamlMappingNode)swarmConfig["providers"];

        Assert.Equal("./configurations/traefik/traefik.yml", file.TraefikConfigFile);
        Assert.All(StackFiles.EachService(), service => Assert.DoesNotContain(
            service.Name is var name && services[name] is YamlMappingNode rendered && rendered.Children.TryGetValue(new YamlScalarNode("labels"), out var own)
                ? ((YamlMappingNode)own).Children.Keys.Select(k => ((YamlScalarNode)k).Value!) : [],
            key => key.StartsWith("traefik.", StringComparison.Ordinal)));
        Assert.Contains("traefik.http.routers.dashboard.rule", routers["traefik"]);
        Assert.Contains("traefik.http.routers.cozy.rule", routers["cozy"]);
        Assert.Contains("traefik.http.routers.cryptpad-websocket.rule", routers["cryptpad"]);
        Assert.Equal("Host(`${DAV_DOMAIN}`)", ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)services["davis-web"])["deploy"])["labels"])["traefik.http.routers.davis.rule"].ToString());
        // Swarm tells Traefik no port: every router served by a service of the stack names its port
        // (traefik/traefik docs/content/providers/swarm.md, v3.2.3).
        Assert.All(routers.Where(r => r.Value.Count > 0), routed =>
        {
            var labels = DeployLabels(services, routed.Key);
            var served = routed.Value.Select(rule => rule[..^".rule".Length]).Where(router => !labels.GetValueOrDefault($"{router}.service", string.Empty).EndsWith("@internal", StringComparison.Ordinal));
            Assert.All(served, router => Assert.Contains(labels.Keys, key => key.StartsWith("traefik.http.services.", StringComparison.Ordinal) && key.EndsWith(".loadbalancer.server.port", StringComparison.Ordinal)));
        });
        Assert.Equal(["file", "swarm"], providers.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
        Assert.Equal("false", ((YamlMappingNode)providers["swarm"])["exposedByDefault"].ToString());
        Assert.Equal("${COMPOSE_PROJECT_NAME}_web", ((YamlMappingNode)providers["swarm"])["network"].ToString());
        Assert.DoesNotContain(((YamlSequenceNode)traefik["volumes"]).Children, v => v.ToString().Contains(SwarmStackFile.TraefikStaticPath, StringComparison.Ordinal));
        var config = (YamlMappingNode)((YamlSequenceNode)traefik["configs"]).Children.Single();
        Assert.Equal(SwarmStackFile.TraefikStaticPath, config["target"].ToString());
        Assert.Equal($"./{SwarmStackFile.TraefikStaticAttachment}", ((YamlMappingNode)((YamlMappingNode)Parse(rendering.Files[0])["configs"])[config["source"].ToString()])["file"].ToString());
        Assert.Contains("traefik: providers.docker: Traefik's swarm provider takes its place, with the same settings, and reads the routers from each service's deploy.labels.", rendering.Notes);
        Assert.Contains("cozy: labels: traefik.*: Traefik's swarm provider reads a service's labels, not its containers': they move to deploy.labels.", rendering.Notes);
    }

    [Fact]
    public void The_docker_CLI_takes_the_real_stack_rendered_for_swarm_with_its_traefik_configuration()
    {
        Requires.That(Requires.Executable("docker"), "the docker CLI is needed (apt-get install docker.io)");
        var file = SwarmStackFile.Parse([(StackFiles.ComposeFileName, File.ReadAllText(StackFiles.ComposeFile))]);
        var rendering = file.Render("/srv/cloud/current", new Dictionary<string, string>(), File.ReadAllText(Path.Combine(StackFiles.Directory, "configurations/traefik/traefik.yml.template")));
        using var directory = new TemporaryDirectory();
        var stackFile = directory.Write("0.yml", rendering.Files[0]);
        foreach (var (name, text) in rendering.Attachments)
        {
            directory.Write(name, text);
        }

        // `docker stack config` loads, validates and interpolates the stack files as `stack deploy` does, without an engine.
        var result = CakeProcesses.CreateCommandRunner().Run(new CommandRequest("docker", ["stack", "config", "--compose-file", stackFile])
        {
            Environment = StackFiles.EnvDistValues.ToDictionary(),
            Quiet = true,
        });

        Assert.True(result.Succeeded, result.StandardError);
        var config = Parse(result.StandardOutput);
        var dashboard = ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)config["services"])["traefik"])["deploy"])["labels"])["traefik.http.routers.dashboard.rule"];
        Assert.Equal($"Host(`{StackFiles.EnvDistValues["STATUS_DOMAIN"]}`)", dashboard.ToString());
        Assert.Equal(directory.Combine(SwarmStackFile.TraefikStaticAttachment), ((YamlMappingNode)((YamlMappingNode)config["configs"]).Children.Values.Single())["file"].ToString());
    }

    [Fact]
    public void A_changed_traefik_configuration_is_a_new_swarm_config()
    {
        var file = SwarmStackFile.Parse([(StackFiles.ComposeFileName, File.ReadAllText(StackFiles.ComposeFile))]);

        string ConfigName(string text) =>
            ((YamlMappingNode)Parse(file.Render("/srv/cloud/current", new Dictionary<string, string>(), text).Files[0])["configs"]).Children.Keys.Single().ToString();

        Assert.NotEqual(ConfigName("providers:\n  docker: {}\nlog:\n  level: WARN\n"), ConfigName("providers:\n  docker: {}\nlog:\n  level: INFO\n"));
        Assert.Equal(ConfigName("providers:\n  docker: {}\n"), ConfigName("providers:\n  docker: {}\n"));
    }

    [Fact]
    public void List_labels_of_traefik_move_to_deploy_labels_and_the_others_stay()
    {
        var rendering = SwarmStackFile.Parse([("docker-compose.yml", """
            services:
              web:
                image: nginx
                labels:
                  - traefik.http.routers.web.rule=Host(`a.example`)
                  - backup=daily
            """)]).Render("/srv", new Dictionary<string, string>());
        var web = Service(rendering, "web");

        Assert.Equal(["backup=daily"], ((YamlSequenceNode)web["labels"]).Children.Select(c => c.ToString()));
        Assert.Equal("Host(`a.example`)", ((YamlMappingNode)((YamlMappingNode)web["deploy"])["labels"])["traefik.http.routers.web.rule"].ToString());
        Assert.Empty(rendering.Attachments);
    }

    [Fact]
    public void Features_Swarm_replaces_are_removed_and_each_named_with_what_Swarm_does_instead()
    {
        var rendering = Render();
        var db = Service(rendering, "db");

        Assert.False(db.Children.ContainsKey("container_name"));
        Assert.False(db.Children.ContainsKey("restart"));
        Assert.False(Service(rendering, "app").Children.ContainsKey("depends_on"));
        Assert.Equal("any", ((YamlMappingNode)((YamlMappingNode)db["deploy"])["restart_policy"])["condition"].ToString());
        Assert.False(Parse(rendering.Files[0]).Children.ContainsKey("name"));
        Assert.Equal(
            [
                "app: build: Swarm builds no images; compose builds it on the manager and the stack runs it as cloud-app:0123456789ab.",
                "app: depends_on: Swarm starts every service at once and restarts one that fails under its restart policy; nothing waits for db.",
                "db: container_name: Swarm names each task <stack>_<service>.<replica>.<task id>; other services reach it by its service name.",
                "db: restart: always becomes deploy.restart_policy.condition any.",
            ],
            rendering.Notes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Services_keeping_data_are_placed_on_the_data_node_and_stateless_ones_keep_their_replicas()
    {
        var rendering = Render();
        var proxyConstraints = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Service(rendering, "proxy")["deploy"])["placement"])["constraints"])
            .Children.Select(c => c.ToString());
        var dbConstraints = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Service(rendering, "db")["deploy"])["placement"])["constraints"])
            .Children.Select(c => c.ToString());

        Assert.Equal(["db", "proxy"], rendering.PinnedServices);
        Assert.Equal(["node.role == manager", "node.labels.privatecloud.data==true"], proxyConstraints);
        Assert.Equal(["node.labels.privatecloud.data==true"], dbConstraints);
        Assert.Equal("3", ((YamlMappingNode)Service(rendering, "app")["deploy"])["replicas"].ToString());
        Assert.False(((YamlMappingNode)Service(rendering, "app")["deploy"]).Children.ContainsKey("placement"));
    }

    [Fact]
    public void Relative_host_paths_become_absolute_under_the_release()
    {
        var rendering = Render();
        var db = Service(rendering, "db");

        Assert.Equal(["/opt/cloud/current/db/conf.d:/etc/mysql/conf.d:ro", "db:/var/lib/mysql"], ((YamlSequenceNode)db["volumes"]).Children.Select(v => v.ToString()));
        Assert.Equal("/opt/cloud/current/db.env", db["env_file"].ToString());
        Assert.Equal("/opt/cloud/current/traefik.yml", ((YamlMappingNode)((YamlSequenceNode)Service(rendering, "proxy")["volumes"]).Children[0])["source"].ToString());
        Assert.Equal("/opt/cloud/current/motd.txt", ((YamlMappingNode)((YamlMappingNode)Parse(rendering.Files[0])["configs"])["motd"])["file"].ToString());
    }

    [Fact]
    public void Interpolation_is_left_to_docker_so_no_value_enters_the_files()
    {
        var rendering = Render();

        Assert.Equal("${DB_PASSWORD}", ((YamlMappingNode)Service(rendering, "app")["environment"])["DB_PASSWORD"].ToString());
    }

    [Fact]
    public void A_broken_file_is_named_with_its_line()
    {
        var error = Assert.Throws<BuildInputException>(() => SwarmStackFile.Parse([("override.yml", "services:\n  a: [\n")]));

        Assert.StartsWith("override.yml:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, Orchestrator.Compose)]
    [InlineData("swarm", Orchestrator.Swarm)]
    [InlineData("Compose", Orchestrator.Compose)]
    public void The_orchestrator_is_compose_unless_swarm_is_asked(string? given, Orchestrator expected)
    {
        var arguments = given is null ? [] : new[] { ("orchestrator", given) };

        Assert.Equal(expected, DeploySettings.Read(Sources(arguments)).Orchestrator);
    }

    [Fact]
    public void A_bad_orchestrator_or_registry_is_refused_naming_the_setting()
    {
        var orchestrator = Assert.Throws<BuildInputException>(() => DeploySettings.Read(Sources([("orchestrator", "kubernetes")])));
        var registry = Assert.Throws<BuildInputException>(() => DeploySettings.Read(Sources([("registry", "https://registry.example.org")])));

        Assert.Contains("--orchestrator is compose or swarm, not 'kubernetes'", orchestrator.Message);
        Assert.Contains("--registry takes a registry as images name it", registry.Message);
        Assert.Equal("registry.example.org:5000/team", DeploySettings.Read(Sources([("registry", "registry.example.org:5000/team/")])).RegistryAddress);
    }

    [Fact]
    public void A_stack_image_is_named_by_its_content()
    {
        Assert.Equal("cloud-web:0123456789ab", ImageRegistry.StackImage(null, "cloud", "web", "sha256:0123456789abcdef"));
        Assert.Equal("10.0.0.1:5000/cloud-web:0123456789ab", ImageRegistry.StackImage("10.0.0.1:5000", "cloud", "web", "sha256:0123456789abcdef"));
    }

    [Fact]
    public void A_pushed_stack_image_is_pinned_by_the_digest_of_its_own_repository_only()
    {
        const string target = "10.0.0.1:5000/cloud-web:0123456789ab";
        string[] digests = ["10.0.0.1:5000/cloud-web-old@sha256:aaaa", "10.0.0.1:5001/cloud-web@sha256:bbbb", "10.0.0.1:5000/cloud-web@sha256:cccc"];

        Assert.Equal("10.0.0.1:5000/cloud-web:0123456789ab@sha256:cccc", ImageRegistry.Pinned(target, digests));
        Assert.Null(ImageRegistry.Pinned(target, digests[..2]));
        Assert.Null(ImageRegistry.Pinned(target, []));
    }

    private static SettingSources Sources((string Name, string Value)[] arguments) =>
        new(arguments.ToLookup(a => a.Name, a => a.Value, StringComparer.OrdinalIgnoreCase), _ => null, null);
}
