namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The host keys the user trusts, read from an OpenSSH known_hosts file.</summary>
public sealed class KnownHosts
{
    private readonly IReadOnlyList<KnownHostsEntry> _entries;

    public KnownHosts(IReadOnlyList<KnownHostsEntry> entries) => _entries = entries;

    public IReadOnlyList<KnownHostsEntry> Entries => _entries;

    public static KnownHosts Parse(string text) =>
        new([.. text.Split('\n')
            .Select((line, index) => KnownHostsEntry.TryParse(line.TrimEnd('\r'), index + 1))
            .OfType<KnownHostsEntry>()]);

    /// <summary>A missing file trusts nothing, like a first run of <c>ssh</c>.</summary>
    public static KnownHosts Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : new KnownHosts([]);

    /// <summary>
    /// Judges a presented key. Revocation wins over everything; certificate-authority lines are
    /// ignored because the tool does not accept host certificates.
    /// </summary>
    public HostKeyStatus Check(string knownHostsName, string keyType, byte[] keyBlob)
    {
        var forHost = _entries.Where(e => e.Marker != KnownHostsMarker.CertAuthority && e.Matches(knownHostsName)).ToList();

        if (forHost.Any(e => e.Marker == KnownHostsMarker.Revoked && e.HoldsKey(keyType, keyBlob)))
        {
            return HostKeyStatus.Revoked;
        }

        var trusted = forHost.Where(e => e.Marker == KnownHostsMarker.None).ToList();
        if (trusted.Count == 0)
        {
            return HostKeyStatus.Unknown;
        }

        return trusted.Any(e => e.HoldsKey(keyType, keyBlob)) ? HostKeyStatus.Known : HostKeyStatus.Changed;
    }

    /// <summary>The key types the file trusts for the host, in file order.</summary>
    public IReadOnlyList<string> TrustedKeyTypes(string knownHostsName) =>
        [.. _entries.Where(e => e.Marker == KnownHostsMarker.None && e.Matches(knownHostsName)).Select(e => e.KeyType).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Records a newly trusted key at the end of the file, creating the file (mode 600 like ssh does)
    /// and its folder when missing. An append cannot leave a half-written earlier entry.
    /// </summary>
    public static void Append(string path, string knownHostsName, string keyType, byte[] keyBlob)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        var separator = string.IsNullOrEmpty(existing) || existing.EndsWith('\n') ? string.Empty : "\n";
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.Write(separator + KnownHostsEntry.Format(knownHostsName, keyType, keyBlob) + "\n");
    }
}
