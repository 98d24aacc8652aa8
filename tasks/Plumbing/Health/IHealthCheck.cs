namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>
/// One thing Doctor asks about the cloud. A check never throws for what it finds: a failure it meets
/// (host unreachable, command failed) is its <see cref="CheckState.Fail"/> result, and a check that
/// lacks what it needs says <see cref="CheckState.NotConfigured"/>.
/// </summary>
public interface IHealthCheck
{
    string Name { get; }

    CheckResult Run(CancellationToken cancellation);
}
