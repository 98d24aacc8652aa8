using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>The stack's endpoints as one health check: each endpoint a detail, the worst of them the verdict.</summary>
public sealed class EndpointsCheck(IReadOnlyList<Endpoint> endpoints, EndpointChecker checker) : IHealthCheck
{
    public string Name => "CheckEndpoints";

    public IReadOnlyList<Endpoint> Endpoints => endpoints;

    public CheckResult Run(CancellationToken cancellation)
    {
        var results = endpoints.Count == 0 ? [] : checker.CheckAsync(endpoints, cancellation).GetAwaiter().GetResult();
        return CheckResult.Summary(Name, results, $"no endpoint to check: no Traefik router of the compose file(s) has a Host() rule, and {EndpointPlan.MailDomainVariable} is not set");
    }
}
