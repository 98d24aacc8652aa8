using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Plumbing.Reporting;

/// <summary>
/// One change a host service makes, worded for both kinds of run: "created directory /srv" when it
/// ran, "would create directory /srv" in a dry run, where the same code path reached it.
/// </summary>
/// <param name="Verb">What is done, as after "would": <c>create</c>.</param>
/// <param name="Done">The same, done: <c>created</c>.</param>
/// <param name="What">What it is done to: <c>directory /srv</c>.</param>
public sealed record HostChange(string Verb, string Done, string What)
{
    public string Describe(bool dryRun) => $"{DryRunWording.Verb(dryRun, Verb, Done)} {What}";

    public override string ToString() => Describe(dryRun: false);
}
