namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The optional <c>@marker</c> that starts a known_hosts line.</summary>
public enum KnownHostsMarker
{
    None,
    Revoked,
    CertAuthority,
}
