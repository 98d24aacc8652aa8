using Cake.Core.Diagnostics;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Plumbing.Reporting;

/// <summary>How every host task reports: each change on its own line, or that there was nothing to do.</summary>
public static class HostChanges
{
    public static void Report(BuildContext context, string what, IReadOnlyList<HostChange> changes)
    {
        foreach (var change in changes)
        {
            context.Log.Information("  {0}", change.Describe(context.DryRun));
        }

        context.Log.Information(
            changes.Count == 0 ? "{0}: nothing {3} on {1}." : "{0}: {2} change(s) {3} on {1}.",
            what,
            context.Remote.Target,
            changes.Count,
            changes.Count == 0 ? DryRunWording.Verb(context.DryRun, "change", "to change") : DryRunWording.Verb(context.DryRun, "be made", "made"));
    }
}
