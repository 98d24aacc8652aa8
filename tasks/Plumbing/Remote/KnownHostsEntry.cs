using System.Security.Cryptography;
using System.Text;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>One key line of an OpenSSH known_hosts file.</summary>
public sealed class KnownHostsEntry
{
    private const string HashedPrefix = "|1|";

    private readonly string[] _patterns;

    private KnownHostsEntry(KnownHostsMarker marker, string[] patterns, string keyType, byte[] keyBlob, int lineNumber)
    {
        Marker = marker;
        _patterns = patterns;
        KeyType = keyType;
        KeyBlob = keyBlob;
        LineNumber = lineNumber;
    }

    public KnownHostsMarker Marker { get; }

    public string KeyType { get; }

    public byte[] KeyBlob { get; }

    public int LineNumber { get; }

    /// <summary>
    /// Reads one line; null for blank lines, comments and lines OpenSSH itself would skip
    /// (unknown marker, missing fields, undecodable key), so one odd line never locks the user out.
    /// </summary>
    public static KnownHostsEntry? TryParse(string line, int lineNumber)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields[0].StartsWith('#'))
        {
            return null;
        }

        var marker = KnownHostsMarker.None;
        if (fields[0].StartsWith('@'))
        {
            marker = fields[0] switch
            {
                "@revoked" => KnownHostsMarker.Revoked,
                "@cert-authority" => KnownHostsMarker.CertAuthority,
                _ => (KnownHostsMarker)(-1),
            };
            fields = fields[1..];
        }

        if (!Enum.IsDefined(marker) || fields.Length < 3)
        {
            return null;
        }

        var blob = new byte[fields[2].Length];
        if (!Convert.TryFromBase64String(fields[2], blob, out var length))
        {
            return null;
        }

        return new KnownHostsEntry(marker, fields[0].Split(','), fields[1], blob[..length], lineNumber);
    }

    /// <summary>Whether the line names this host; <paramref name="name"/> is <see cref="SshTarget.KnownHostsName"/>.</summary>
    public bool Matches(string name)
    {
        var matched = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.StartsWith(HashedPrefix, StringComparison.Ordinal))
            {
                matched |= HashedMatches(pattern, name);
            }
            else if (pattern.StartsWith('!'))
            {
                // A negated pattern that matches excludes the host from the whole line.
                if (WildcardMatches(pattern[1..], name))
                {
                    return false;
                }
            }
            else
            {
                matched |= WildcardMatches(pattern, name);
            }
        }

        return matched;
    }

    public bool HoldsKey(string keyType, byte[] keyBlob) =>
        KeyType == keyType && KeyBlob.AsSpan().SequenceEqual(keyBlob);

    /// <summary>The line OpenSSH would write for a newly accepted key.</summary>
    public static string Format(string name, string keyType, byte[] keyBlob) =>
        $"{name} {keyType} {Convert.ToBase64String(keyBlob)}";

    /// <summary><c>|1|base64(salt)|base64(HMAC-SHA1(salt, name))</c>, as written by <c>HashKnownHosts yes</c>.</summary>
    private static bool HashedMatches(string pattern, string name)
    {
        var parts = pattern[HashedPrefix.Length..].Split('|');
        if (parts.Length != 2)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[0]);
            var expected = Convert.FromBase64String(parts[1]);
            var actual = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name.ToLowerInvariant()));
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>OpenSSH host patterns: case-insensitive, <c>*</c> any run of characters, <c>?</c> one character.</summary>
    private static bool WildcardMatches(string pattern, string name)
    {
        if (!pattern.Contains('*') && !pattern.Contains('?'))
        {
            return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        }

        return WildcardMatches(pattern.ToLowerInvariant().AsSpan(), name.ToLowerInvariant().AsSpan());
    }

    private static bool WildcardMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        while (pattern.Length > 0)
        {
            if (pattern[0] == '*')
            {
                var rest = pattern[1..];
                for (var skip = 0; skip <= name.Length; skip++)
                {
                    if (WildcardMatches(rest, name[skip..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (name.Length == 0 || (pattern[0] != '?' && pattern[0] != name[0]))
            {
                return false;
            }

            pattern = pattern[1..];
            name = name[1..];
        }

        return name.Length == 0;
    }
}
