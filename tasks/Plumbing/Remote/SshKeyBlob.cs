using System.Buffers.Binary;
using System.Text;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>Reads the wire-format public key a server presents (RFC 4253 §6.6).</summary>
public static class SshKeyBlob
{
    /// <summary>
    /// The key type that known_hosts records (<c>ssh-rsa</c>, <c>ssh-ed25519</c>...). It is the blob's
    /// first string, and differs from the negotiated algorithm name (an RSA key signs as <c>rsa-sha2-512</c>).
    /// </summary>
    public static string KeyType(byte[] blob)
    {
        if (blob.Length < 4)
        {
            throw new FormatException("SSH public key blob is too short.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (length > blob.Length - 4)
        {
            throw new FormatException("SSH public key blob has a bad key type length.");
        }

        return Encoding.ASCII.GetString(blob, 4, (int)length);
    }
}
