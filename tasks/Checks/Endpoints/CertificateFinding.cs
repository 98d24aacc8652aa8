using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>What <see cref="CertificateJudge"/> found: the state, the reason in a few words, and the expiry.</summary>
public sealed record CertificateFinding(CheckState State, string Reason, DateTimeOffset NotAfter);
