using PrivateCloud.Tasks.Plumbing.Reporting;

namespace PrivateCloud.Tasks.Host.MailTraffic;

/// <summary>What <see cref="MailRouteBootHook"/> changed, and advice when nothing on the host will run it at boot.</summary>
public sealed record MailRouteBootHookResult(IReadOnlyList<HostChange> Changes, string? Advice);
