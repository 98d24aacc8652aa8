using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tasks.Backup.Archive;

/// <summary>
/// The secrets archive: a tar.gz (.NET's own tar and gzip) holding the files that rebuild the stack
/// and are not in git, plus <see cref="ManifestName"/>, their SHA-256 sums in sha256sum's format,
/// encrypted with a passphrase as OpenPGP (<see cref="PassphraseEncryption"/>), so that
/// <c>gpg -d archive | tar -xz</c> opens it in an emergency. Written 0600. Read back, the file must pass
/// its integrity check and every entry must match the manifest; restored, nothing is written until
/// every entry has been checked, and no entry may escape the target directory.
/// </summary>
[UnsupportedOSPlatform("windows")]
public static class SecretsArchive
{
    public const string ManifestName = "MANIFEST.sha256";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <c>secrets-&lt;UTC time&gt;.tar.gz.gpg</c> into <paramref name="directory"/> and returns its path.</summary>
    public static string Create(IReadOnlyList<ArchiveEntry> entries, string directory, DateTimeOffset now, string passphrase)
    {
        var contents = entries.Select(entry => (entry.Name, Content: File.ReadAllBytes(entry.SourcePath))).ToList();
        var manifest = new StringBuilder();
        foreach (var (name, content) in contents)
        {
            manifest.Append(Sha256(content)).Append("  ").Append(name).Append('\n');
        }

        contents.Add((ManifestName, Encoding.UTF8.GetBytes(manifest.ToString())));
        Directory.CreateDirectory(directory);
        var tarName = $"secrets-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.tar.gz";
        var path = Path.Combine(directory, tarName + ".gpg");
        // The tar.gz goes straight into the encryption and the encryption into the 0600 file: no plaintext copy is ever written.
        AtomicFile.Write(
            path,
            file => PassphraseEncryption.Encrypt(file, passphrase, tarName, now.UtcDateTime, plaintext => WriteTarGz(plaintext, contents, now)),
            OwnerOnly,
            replace: false);
        return path;
    }

    /// <summary>Reads the archive and checks every entry against the manifest.</summary>
    public static ArchiveCheck Verify(string archive, string passphrase) => Read(archive, passphrase).Check;

    /// <summary>
    /// Restores every entry under <paramref name="directory"/>, 0600, after checking all of them; refuses a
    /// damaged archive, unsafe entries, and (without <paramref name="force"/>) files that already exist.
    /// </summary>
    public static IReadOnlyList<string> Restore(string archive, string directory, bool force, string passphrase)
    {
        var (check, files) = Read(archive, passphrase);
        if (!check.Valid)
        {
            throw new BuildInputException($"{archive}: not restored, nothing was written: {string.Join("; ", check.Problems)}.");
        }

        var root = Path.GetFullPath(directory);
        var targets = files.Where(file => file.Key != ManifestName)
            .Select(file => (Path: Path.GetFullPath(Path.Combine(root, file.Key)), file.Value))
            .ToList();
        var existing = targets.Where(target => File.Exists(target.Path) || Directory.Exists(target.Path)).Select(target => target.Path).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new BuildInputException(
                $"{archive}: not restored, nothing was written: {string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : string.Empty)}; give --force to overwrite.");
        }

        foreach (var (path, content) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, content, OwnerOnly);
        }

        return [.. targets.Select(target => target.Path)];
    }

    private static void WriteTarGz(Stream output, IEnumerable<(string Name, byte[] Content)> contents, DateTimeOffset now)
    {
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (name, content) in contents)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(content),
                Mode = OwnerOnly,
                ModificationTime = now,
            });
        }
    }

    /// <summary>
    /// Decrypts and reads the archive into memory, never onto disk; a file that fails the integrity check
    /// yields that one problem and no entries, whatever its changed content looked like.
    /// </summary>
    private static (ArchiveCheck Check, Dictionary<string, byte[]> Files) Read(string archive, string passphrase)
    {
        var problems = new List<string>();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(archive);
            PassphraseEncryption.Decrypt(stream, passphrase, plaintext => ReadTarGz(plaintext, files, problems));
        }
        catch (ArchiveDecryptionException ex) when (ex.Failure == DecryptionFailure.WrongPassphrase)
        {
            throw new BuildInputException($"{archive}: {ex.Message}: check {ArchiveSettings.ArchivePassphrase.EnvironmentVariable}.");
        }
        catch (ArchiveDecryptionException ex) when (ex.Failure == DecryptionFailure.NotEncrypted)
        {
            throw new BuildInputException(
                $"{archive}: {ex.Message}; give a secrets-*.tar.gz.gpg that ArchiveSecrets wrote (a plaintext secrets-*.tar.gz from an older version opens with tar -xzf).");
        }
        catch (ArchiveDecryptionException ex)
        {
            return (new ArchiveCheck(archive, [], [ex.Message]), []);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            problems.Add($"not a readable tar.gz ({ex.Message})");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BuildInputException($"{archive} does not exist: give the archive ArchiveSecrets wrote with --archive.");
        }

        problems.AddRange(CheckManifest(files));
        return (new ArchiveCheck(archive, [.. files.Keys.Where(name => name != ManifestName).Order(StringComparer.Ordinal)], problems), files);
    }

    private static void ReadTarGz(Stream plaintext, Dictionary<string, byte[]> files, List<string> problems)
    {
        using var gzip = new GZipStream(plaintext, CompressionMode.Decompress, leaveOpen: true);
        using var tar = new TarReader(gzip, leaveOpen: true);
        while (tar.GetNextEntry() is { } entry)
        {
            if (Unsafe(entry) is { } reason)
            {
                problems.Add($"entry '{entry.Name}' refused: {reason}");
                continue;
            }

            if (entry.EntryType == TarEntryType.Directory)
            {
                continue;
            }

            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            if (!files.TryAdd(entry.Name, content.ToArray()))
            {
                problems.Add($"entry '{entry.Name}' appears twice");
            }
        }
    }

    private static IEnumerable<string> CheckManifest(Dictionary<string, byte[]> files)
    {
        if (!files.TryGetValue(ManifestName, out var manifestBytes))
        {
            yield return $"no {ManifestName} in the archive";
            yield break;
        }

        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(manifestBytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2 || parts[0].Length != 64)
            {
                yield return $"{ManifestName}: malformed line '{line}'";
                continue;
            }

            listed[parts[1]] = parts[0];
        }

        foreach (var (name, content) in files.Where(file => file.Key != ManifestName))
        {
            if (!listed.TryGetValue(name, out var expected))
            {
                yield return $"entry '{name}' is not in {ManifestName}";
            }
            else if (!string.Equals(expected, Sha256(content), StringComparison.OrdinalIgnoreCase))
            {
                yield return $"entry '{name}' does not match its SHA-256 in {ManifestName}: it was changed or damaged";
            }
        }

        foreach (var name in listed.Keys.Where(name => !files.ContainsKey(name)))
        {
            yield return $"entry '{name}' is listed in {ManifestName} but missing from the archive";
        }
    }

    /// <summary>Why an entry may not be restored: it would land outside the target, or is not a plain file.</summary>
    private static string? Unsafe(TarEntry entry)
    {
        var name = entry.Name;
        if (name.StartsWith('/') || name.StartsWith('\\') || (name.Length > 1 && name[1] == ':'))
        {
            return "absolute path";
        }

        if (name.Split('/', '\\').Contains(".."))
        {
            return "'..' in the path";
        }

        return entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory => null,
            TarEntryType.SymbolicLink or TarEntryType.HardLink => $"a link to '{entry.LinkName}'",
            var type => $"not a regular file ({type})",
        };
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
