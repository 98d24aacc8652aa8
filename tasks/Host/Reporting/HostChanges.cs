using Cake.Core.Diagnostics;

namespace PrivateCloud.Tasks.Host.Reporting;

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
            changes.Count == 0 ? context.DryRun ? "{0}: nothing would change on {1}." : "{0}: nothing to change on {1}."
            : context.DryRun ? "{0}: {2} change(s) would be made on {1}."
            : "{0}: {2} change(s) made on {1}.",
            what,
            context.Remote.Target,
            changes.Count);
    }
}
