using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>Runs checks one after the other; a check that throws fails with its message instead of stopping the others.</summary>
public sealed class HealthRunner(TimeProvider clock)
{
    public HealthReport Run(IEnumerable<IHealthCheck> checks, CancellationToken cancellation)
    {
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            try
            {
                results.Add(check.Run(cancellation));
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
            {
                // Bad configuration is the user's to fix, the rest is what the cloud answered: both stay one line.
                var state = exception is BuildInputException ? CheckState.NotConfigured : CheckState.Fail;
                results.Add(new CheckResult(check.Name, state, exception.Message));
            }
        }

        return new HealthReport(results, clock.GetUtcNow());
    }
}
