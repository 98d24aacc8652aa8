namespace PrivateCloud.Tasks.Plumbing.Logging;

/// <summary>
/// How a message words a change for the kind of run, in one place: a dry run takes the same path as
/// the real one and says what it would do ("would create"), the real run what it did ("created").
/// Every message that differs between the two goes through here.
/// </summary>
public static class DryRunWording
{
    /// <summary>"would <paramref name="verb"/>" in a dry run, else <paramref name="done"/>: <c>Verb(dryRun, "create", "created")</c>.</summary>
    public static string Verb(bool dryRun, string verb, string done) => dryRun ? "would " + verb : done;

    /// <summary>
    /// <paramref name="wouldDo"/> in a dry run, else <paramref name="done"/>: for a sentence whose wording
    /// differs beyond one verb, <c>Pick(dryRun, "Would stop", "Stopping")</c>.
    /// </summary>
    public static string Pick(bool dryRun, string wouldDo, string done) => dryRun ? wouldDo : done;
}
