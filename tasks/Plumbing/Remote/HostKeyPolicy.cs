namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// Decides whether to talk to a server that presented a host key: trusted when known_hosts holds
/// the key, or when the user pinned its fingerprint, or when the user allowed recording a new host.
/// A changed or revoked key is never trusted, whatever the options say.
/// </summary>
public sealed class HostKeyPolicy(string knownHostsPath, string? pinnedFingerprint, bool acceptNew)
{
    /// <summary>
    /// True when the key may be used. On a first contact allowed by <see cref="RemoteSettings.AcceptNewHostKey"/>
    /// the key is appended to known_hosts. Otherwise <paramref name="refusal"/> is one line saying
    /// why and what to do.
    /// </summary>
    public bool Accepts(SshTarget target, byte[] keyBlob, out string refusal)
    {
        var keyType = SshKeyBlob.KeyType(keyBlob);
        var fingerprint = HostKeyFingerprint.Sha256(keyBlob);
        var presented = $"{keyType} {fingerprint}";
        var server = $"{target.Host}:{target.Port}";
        var status = KnownHosts.Load(knownHostsPath).Check(target.KnownHostsName, keyType, keyBlob);

        refusal = status switch
        {
            HostKeyStatus.Revoked =>
                $"Host key of {server} ({presented}) is marked @revoked in {knownHostsPath}: refusing to connect.",
            HostKeyStatus.Changed =>
                $"Host key of {server} has CHANGED: it presented {presented}, which {knownHostsPath} does not hold for this host " +
                $"(possible man-in-the-middle attack); if the server was really reinstalled, remove the old entry with " +
                $"ssh-keygen -R '{target.KnownHostsName}' -f {knownHostsPath} and connect again.",
            _ when pinnedFingerprint is not null && !HostKeyFingerprint.Matches(pinnedFingerprint, keyBlob) =>
                $"Host key of {server} is {presented}, not the pinned {RemoteSettings.HostKey.Option}={pinnedFingerprint.Trim()}: refusing to connect; " +
                $"check the fingerprint with the server's administrator.",
            HostKeyStatus.Unknown when pinnedFingerprint is null && !acceptNew =>
                $"Host key of {server} is unknown ({presented}, not in {knownHostsPath}): after checking it with the server's " +
                $"administrator pass {RemoteSettings.HostKey.Option}={fingerprint} to pin it or {RemoteSettings.AcceptNewHostKey.Option} to trust and record it.",
            _ => string.Empty,
        };

        if (refusal.Length > 0)
        {
            return false;
        }

        if (status == HostKeyStatus.Unknown && acceptNew)
        {
            KnownHosts.Append(knownHostsPath, target.KnownHostsName, keyType, keyBlob);
        }

        return true;
    }
}
