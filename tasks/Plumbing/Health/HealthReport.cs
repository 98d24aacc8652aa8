using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>The results of a run of checks, and the exit code their worst state gives.</summary>
public sealed record HealthReport(IReadOnlyList<CheckResult> Results, DateTimeOffset CheckedAt)
{
    public const int WarnExitCode = 3;
    public const int NotConfiguredExitCode = 4;

    public CheckState Worst => Results.Select(r => r.State).DefaultIfEmpty(CheckState.Ok).Max();

    /// <summary>0 all ok, 1 a failure (as any failed task), 3 a warning, 4 a check that could not run.</summary>
    public static int ExitCodeOf(CheckState state) => state switch
    {
        CheckState.Ok => ExitCodes.Success,
        CheckState.Fail => ExitCodes.TaskFailed,
        CheckState.Warn => WarnExitCode,
        _ => NotConfiguredExitCode,
    };

    public static string Word(CheckState state) => state switch
    {
        CheckState.Ok => "ok",
        CheckState.Warn => "warn",
        CheckState.Fail => "fail",
        _ => "not configured",
    };
}
