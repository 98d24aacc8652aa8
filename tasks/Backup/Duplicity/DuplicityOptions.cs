namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>What every duplicity command on the host shares: where the backups are, what they hold, how they are encrypted.</summary>
public sealed record DuplicityOptions(string Target, IReadOnlyList<string> Includes, string? EncryptKey, bool NoEncryption)
{
    public string FullIfOlderThan { get; init; } = "365D";

    public int VolsizeMb { get; init; } = 1024;

    /// <summary>duplicity's s3:// backend uses plain HTTP (<c>--s3-unencrypted-connection</c>).</summary>
    public bool S3Unencrypted { get; init; }

    public DuplicitySecrets Secrets { get; init; } = DuplicitySecrets.None;

    /// <summary>
    /// The deepest directory holding every include: duplicity backs up one source directory and the
    /// includes select inside it. For /mnt/databases and /mnt/files it is /mnt/, as the install
    /// guide's cron line had it, so the paths inside backups made by that line stay the same.
    /// </summary>
    public string SourceDirectory
    {
        get
        {
            var parts = Includes.Select(include => include.Split('/', StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (parts.Count == 0)
            {
                return "/";
            }

            var common = parts[0].AsEnumerable();
            foreach (var other in parts.Skip(1))
            {
                common = common.Zip(other).TakeWhile(pair => pair.First == pair.Second).Select(pair => pair.First).ToList();
            }

            var shared = common.ToList();
            // A single include is its own source only when it is a directory; its parent keeps the include's name in the backup.
            if (parts.Count == 1 && shared.Count > 0)
            {
                shared.RemoveAt(shared.Count - 1);
            }

            return shared.Count == 0 ? "/" : "/" + string.Join('/', shared) + "/";
        }
    }

    /// <summary>A path inside the backup as duplicity names it: relative to <see cref="SourceDirectory"/>.</summary>
    public string RelativePath(string path)
    {
        if (!path.StartsWith('/'))
        {
            return path.Trim('/');
        }

        var source = SourceDirectory;
        var trimmed = path.TrimEnd('/');
        if (trimmed + "/" == source)
        {
            return string.Empty;
        }

        return trimmed.StartsWith(source, StringComparison.Ordinal)
            ? trimmed[source.Length..]
            : throw new ArgumentException($"{path} is outside the backup's source directory {source}.", nameof(path));
    }
}
