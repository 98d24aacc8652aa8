using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;

namespace PrivateCloud.Tests.Checks;

/// <summary>What CheckEndpoints and Doctor probe: the names Traefik routes over HTTPS, and the mail ports of MAIL_DOMAIN.</summary>
public sealed class EndpointPlanTests : IDisposable
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["TOP_DOMAIN"] = "example.org",
        ["CLOUD_DOMAIN"] = "cloud.example.org",
        ["GIT_DOMAIN"] = "git.example.org",
        ["MAIL_DOMAIN"] = "mail.example.org",
    };

    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void The_names_are_the_Host_rules_of_the_routers_not_every_domain_variable()
    {
        _work.Write("docker-compose.yml", """
            services:
              proxy:
                labels:
                  traefik.http.routers.mail-certificate.rule: Host(`${MAIL_DOMAIN}`)
                  traefik.http.routers.mail-certificate.service: noop@internal
              cozy:
                labels:
                  traefik.http.routers.cozy.rule: Host(`${CLOUD_DOMAIN}`) || Host(`drive.${CLOUD_DOMAIN}`) || Host( `settings.${CLOUD_DOMAIN}` )
                  traefik.http.routers.cozy-home.rule: Host(`home.${CLOUD_DOMAIN}`) && PathPrefix(`/`)
                  traefik.http.middlewares.redirect.redirectregex.replacement: https://$${1}/
              gitea:
                labels:
                  - traefik.http.routers.gitea.rule=Host(`${GIT_DOMAIN}`)
              mailer:
                environment:
                  FROM: no-reply@${TOP_DOMAIN}
            """);
        _work.Write("docker-compose.override.yml", """
            services:
              gitea:
                labels:
                  - traefik.http.routers.gitea.rule=Host(`code.${TOP_DOMAIN}`)
            """);

        var names = TraefikRoutes.Hosts(_work.Path, ["docker-compose.yml", "docker-compose.override.yml"], Variables.GetValueOrDefault);

        Assert.Equal(["cloud.example.org", "drive.cloud.example.org", "settings.cloud.example.org", "home.cloud.example.org", "code.example.org"], names);
    }

    [Fact]
    public void A_rule_compose_cannot_interpolate_is_named_with_its_file_and_label()
    {
        _work.Write("docker-compose.yml", "services:\n  web:\n    labels:\n      traefik.http.routers.web.rule: Host(`${CLOUD_DOMAIN:?set it}`)\n");

        var error = Assert.Throws<BuildInputException>(() => TraefikRoutes.Hosts(_work.Path, ["docker-compose.yml"], _ => null));

        Assert.StartsWith($"{_work.Combine("docker-compose.yml")}:4: the label traefik.http.routers.web.rule: ", error.Message);
    }

    [Fact]
    public void Each_name_is_checked_over_https_and_MAIL_DOMAIN_on_the_mail_ports()
    {
        var variables = new StackVariables(Variables.ToDictionary(v => v.Key, v => (v.Value, ".env:1")));

        var endpoints = EndpointPlan.From(["cloud.example.org", "drive.cloud.example.org"], variables, EndpointPorts.Default);

        Assert.Equal(
            ["https cloud.example.org:443", "https drive.cloud.example.org:443", "smtp mail.example.org:25",
             "submission mail.example.org:587", "smtps mail.example.org:465", "imaps mail.example.org:993"],
            endpoints.Select(e => e.Label));
    }

    [Fact]
    public void The_real_stack_is_probed_on_every_routed_name_and_the_cozy_apps_but_not_on_TOP_DOMAIN()
    {
        var env = StackFiles.EnvDistValues;

        var names = TraefikRoutes.Hosts(StackFiles.Directory, [StackFiles.ComposeFileName], env.GetValueOrDefault);

        Assert.DoesNotContain(env["TOP_DOMAIN"], names);
        // MAIL_DOMAIN's certificate is checked on the mail ports; nothing answers for it over HTTPS.
        Assert.DoesNotContain(env["MAIL_DOMAIN"], names);
        Assert.Contains($"drive.{env["CLOUD_DOMAIN"]}", names);
        Assert.Contains($"settings.{env["CLOUD_DOMAIN"]}", names);
        var routedVariables = env.Where(v => v.Key.EndsWith("_DOMAIN", StringComparison.Ordinal) && v.Key is not ("TOP_DOMAIN" or "MAIL_DOMAIN"));
        Assert.All(routedVariables, v => Assert.Contains(v.Value, names));
    }
}
