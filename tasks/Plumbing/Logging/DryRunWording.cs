namespace PrivateCloud.Tasks.Plumbing.Logging;

/// <summary>
/// How a message words a change for the kind of run, in one place: a dry run takes the same path as
/// the real one and says what it would do ("would create"), the real run what it did ("created").
/// </summary>
public static class DryRunWording
{
    /// <summary>"would <paramref name="verb"/>" in a dry run, else <paramref name="done"/>: <c>Verb(dryRun, "create", "created")</c>.</summary>
    public static string Verb(bool dryRun, string verb, string done) => dryRun ? "would " + verb : done;
}
