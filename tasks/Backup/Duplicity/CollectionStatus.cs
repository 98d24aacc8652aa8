namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>One backup set (a full or an incremental backup) of a chain.</summary>
public sealed record BackupSet(bool Full, DateTimeOffset Time, int Volumes);

/// <summary>A full backup and the incrementals on top of it.</summary>
public sealed record BackupChain(bool Primary, IReadOnlyList<BackupSet> Sets)
{
    public DateTimeOffset End => Sets.Max(set => set.Time);
}

/// <summary>What <c>duplicity collection-status</c> says about the target.</summary>
public sealed record CollectionStatus(IReadOnlyList<BackupChain> Chains, int OrphanedSets, int IncompleteSets)
{
    /// <summary>The chain duplicity would restore from: a full backup whose signatures are all there.</summary>
    public BackupChain? PrimaryChain => Chains.FirstOrDefault(chain => chain.Primary);

    public DateTimeOffset? LastFull => Newest(set => set.Full);

    public DateTimeOffset? LastIncremental => Newest(set => !set.Full);

    public DateTimeOffset? Newest() => Newest(_ => true);

    private DateTimeOffset? Newest(Func<BackupSet, bool> which) =>
        Chains.SelectMany(chain => chain.Sets).Where(which).Select(set => (DateTimeOffset?)set.Time).Max();
}
