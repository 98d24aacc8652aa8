using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Plumbing.Reporting;

/// <summary>How every host task reports: each change on its own line, or that there was nothing to do.</summary>
/// <param name="host">The host the changes were made on, as the report names it; asked when reporting, once the task has reached the host.</param>
public sealed class HostChanges(Action<string> log, bool dryRun, Func<SshTarget> host)
{
    public void Report(string what, IReadOnlyList<HostChange> changes)
    {
        foreach (var change in changes)
        {
            log($"  {change.Describe(dryRun)}");
        }

        log(changes.Count == 0
            ? $"{what}: nothing {DryRunWording.Verb(dryRun, "change", "to change")} on {host()}."
            : $"{what}: {changes.Count} change(s) {DryRunWording.Verb(dryRun, "be made", "made")} on {host()}.");
    }
}
