using PrivateCloud.Tasks.Plumbing.Reporting;

namespace PrivateCloud.Tasks.Host.MailTraffic;

/// <summary>
/// What <see cref="MailRoutingSetup"/> changed (empty: nothing to change) and which iptables backend the
/// host uses, with advice when that backend deserves a look.
/// </summary>
public sealed record MailRoutingResult(IReadOnlyList<HostChange> Changes, IptablesBackend Backend, string? BackendAdvice);
