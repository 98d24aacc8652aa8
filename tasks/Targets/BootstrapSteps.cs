using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Host.MailTraffic;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts;
using PrivateCloud.Tasks.Accounts.Applications;
using YamlDotNet.RepresentationModel;

namespace PrivateCloud.Tasks.Targets;

/// <summary>
/// Which of Bootstrap's steps have nothing to do for this .env and stack, and why: a step whose
/// input is not set, or whose application the stack does not run, is skipped with that reason
/// instead of failing the install half-way. Every other step runs; each is idempotent, so a second
/// Bootstrap finds them done and changes nothing.
/// </summary>
public sealed class BootstrapSteps(IReadOnlyDictionary<string, string> skips)
{
    public string? SkipReason(string step) => skips.GetValueOrDefault(step);

    public static BootstrapSteps For(BuildSettings settings)
    {
        var services = Services(settings);
        var skips = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!settings.Variables.IsSet(MailRoutingSetup.HostIpVariable))
        {
            skips[nameof(RouteMailTraffic)] = $"{MailRoutingSetup.HostIpVariable} is not set: mail leaves from the host's own address.";
        }

        foreach (var (step, service) in new[]
                 {
                     (nameof(SetUpGiteaSsh), ApplicationSetups.GiteaService), (nameof(InitDavisTables), ApplicationSetups.DavisService),
                     (nameof(InitCozyInstance), ApplicationSetups.CozyService), (nameof(InitPassboltAdmin), ApplicationSetups.PassboltService),
                     (nameof(InitGiteaAdmin), ApplicationSetups.GiteaService), (nameof(InitLinkdingUser), ApplicationSetups.LinkdingService),
                 })
        {
            if (!services.Contains(service))
            {
                skips[step] = $"the stack runs no '{service}' service.";
            }
        }

        if (!settings.Variables.Values.Keys.Any(name => name.EndsWith("_DOMAIN", StringComparison.Ordinal) && settings.Variables.IsSet(name)))
        {
            skips[nameof(CheckEndpoints)] = "no *_DOMAIN is set: there is no endpoint to check.";
        }

        return new BootstrapSteps(skips);
    }

    /// <summary>The services of the stack's compose files, read here: the host's containers may not exist yet.</summary>
    private static HashSet<string> Services(BuildSettings settings) =>
        [.. settings.Compose.ComposeFiles
            .Select(file => ComposeYaml.Load(Path.GetFullPath(file, settings.StackDirectory)))
            .Select(compose => compose is null ? null : ComposeYaml.Child(compose, "services") as YamlMappingNode)
            .OfType<YamlMappingNode>()
            .SelectMany(services => services.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value!))];
}
