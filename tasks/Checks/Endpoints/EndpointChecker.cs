using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>Checks every endpoint at once, each within the prober's timeout, and returns the results in the endpoints' order.</summary>
public sealed class EndpointChecker(EndpointProber prober)
{
    public async Task<IReadOnlyList<CheckResult>> CheckAsync(IReadOnlyList<Endpoint> endpoints, CancellationToken cancellation) =>
        await Task.WhenAll(endpoints.Select(endpoint => Task.Run(() => prober.CheckAsync(endpoint, cancellation), cancellation)));
}
