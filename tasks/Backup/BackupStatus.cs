using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(BackupStatus))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Shows the backups' last full and incremental times, chains and stray sets, and when each database dump was written and its size; fails when the newest is older than --max-backup-age or no complete chain exists.")]
[ReadsSettings(typeof(OutputFormats), nameof(OutputFormats.Setting))]
[ReadsHost]
public sealed class BackupStatus : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup;
        var options = settings.RequireDuplicity(nameof(BackupStatus));
        var result = context.Services.Duplicity.Status.Evaluate(options, settings.MaxAge, DateTimeOffset.UtcNow);
        var collection = result.Collection;
        var dumps = context.Services.DumpFiles.Read(DumpScript.ForStack(context.Settings));
        if (context.Settings.Format == OutputFormat.Json)
        {
            JsonOutput.Write(new
            {
                state = result.State,
                summary = result.Summary,
                target = options.Target,
                lastFull = collection?.LastFull,
                lastIncremental = collection?.LastIncremental,
                chains = collection?.Chains.Count,
                orphanedSets = collection?.OrphanedSets,
                incompleteSets = collection?.IncompleteSets,
                maxAgeHours = settings.MaxAge.TotalHours,
                dumps = dumps.Select(dump => new { service = dump.Service, path = dump.Path, written = dump.Written, bytes = dump.Bytes }),
            });
        }
        else if (collection is not null)
        {
            context.Log.Information("Backups at {0}:", options.Target);
            context.Log.Information("  last full:        {0}", BackupStatusCheck.Format(collection.LastFull));
            context.Log.Information("  last incremental: {0}", BackupStatusCheck.Format(collection.LastIncremental));
            context.Log.Information("  chains:           {0} ({1})", collection.Chains.Count, collection.PrimaryChain is null ? "none complete" : "one complete");
            context.Log.Information("  orphaned sets:    {0}, incomplete sets: {1}", collection.OrphanedSets, collection.IncompleteSets);
        }

        if (context.Settings.Format != OutputFormat.Json)
        {
            foreach (var dump in dumps)
            {
                context.Log.Information(
                    "  dump of {0}: {1}",
                    dump.Service,
                    dump.Written is { } written
                        ? $"{dump.Path}, written {BackupStatusCheck.Format(written)}, {dump.Bytes} bytes"
                        : $"none at {dump.Path} (the nightly job writes it before each backup)");
            }
        }

        switch (result.State)
        {
            case BackupState.Fail:
                throw new InvalidOperationException($"Backup status: {result.Summary}.");
            case BackupState.Warn:
                context.Log.Warning("Backup status: {0}.", result.Summary);
                break;
            default:
                context.Log.Information("Backup status: {0}.", result.Summary);
                break;
        }
    }
}
