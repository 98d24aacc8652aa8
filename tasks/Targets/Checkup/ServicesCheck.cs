using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Targets.Checkup;

/// <summary>What Status shows, as a verdict: every service running and healthy, or which are not.</summary>
public sealed class ServicesCheck(Func<IComposeStack>? stack) : IHealthCheck
{
    public string Name => nameof(Deployment.ShowStatus);

    public CheckResult Run(CancellationToken cancellation)
    {
        if (stack is null)
        {
            return new CheckResult(Name, CheckState.NotConfigured, "no --host (or --docker-host, --docker-context) to ask for the services");
        }

        var compose = stack();
        var services = compose.Ps();
        if (services.Count == 0)
        {
            return new CheckResult(Name, CheckState.Fail, $"no container of compose project {compose.Project.Name} on the {compose.Location}");
        }

        var details = services.Select(Judge).ToList();
        var summary = CheckResult.Summary(Name, details, string.Empty);
        return summary.State == CheckState.Ok ? summary with { Line = $"all {services.Count} services running and ready" } : summary;
    }

    private static CheckResult Judge(ServiceStatus service) => service switch
    {
        { IsReady: true } => new CheckResult(service.Service, CheckState.Ok, $"{service.State}, {Health(service)}"),
        { IsRunning: true, Health: ContainerHealth.Starting } => new CheckResult(service.Service, CheckState.Warn, "running, health check still starting"),
        _ => new CheckResult(service.Service, CheckState.Fail, $"{service.State}, {Health(service)}"),
    };

    private static string Health(ServiceStatus service) =>
        service.Health == ContainerHealth.None ? "no health check" : service.Health.ToString().ToLowerInvariant();
}
