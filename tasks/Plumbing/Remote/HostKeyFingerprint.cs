using System.Security.Cryptography;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>Host key fingerprints written the way <c>ssh-keygen -l</c> and <c>ssh</c> print them.</summary>
public static class HostKeyFingerprint
{
    public const string Prefix = "SHA256:";

    /// <summary><c>SHA256:</c> followed by the unpadded base64 of the SHA-256 of the key blob.</summary>
    public static string Sha256(byte[] keyBlob) =>
        Prefix + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    /// <summary>Compares a fingerprint given by a user, who may have left out the prefix or kept the padding.</summary>
    public static bool Matches(string expected, byte[] keyBlob)
    {
        var normalized = expected.Trim();
        if (normalized.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            normalized = normalized[Prefix.Length..];
        }

        // Base64 is case sensitive: only the prefix may differ in case.
        return string.Equals(Prefix + normalized.TrimEnd('='), Sha256(keyBlob), StringComparison.Ordinal);
    }
}
