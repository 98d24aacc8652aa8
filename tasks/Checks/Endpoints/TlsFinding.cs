using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>
/// One thing a TLS rating grades (the protocol versions, HSTS, the key size), judged: when it is not
/// ok, <see cref="Text"/> says what failed and what to do, in a few words.
/// </summary>
public sealed record TlsFinding(CheckState State, string Text);
