using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Backup.Archive;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Backup;

[UnsupportedOSPlatform("windows")]
public sealed class SecretsArchiveTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const string Passphrase = "four random words, kept apart";

    private static readonly DateTimeOffset Now = new(2026, 11, 29, 16, 5, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Stack => _work.Combine("stack");

    private IReadOnlyList<ArchiveEntry> StackSecrets()
    {
        _work.Write("stack/.env", "MYSQL_ROOT_PASSWORD=s3cret\n");
        _work.Write("stack/configurations/mail/dkim/private.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
        _work.Write("stack/configurations/traefik/traefik.toml.template", "email = \"$EMAIL\"\n");
        _work.Write("stack/configurations/traefik/traefik.toml", "email = \"me@example.net\"\n");
        _work.Write("stack/configurations/davis/.env.template", "unrendered = \"$X\"\n");
        _work.Write("stack/compose.override.yaml", "services: {}\n");
        _work.Write("stack/compose.yaml", "services: {}\n");
        return SecretFiles.Find(Stack, Path.Combine(Stack, ".env"), false, Path.Combine(Stack, "configurations/mail/dkim/private.key"), "**/*.template");
    }

    [Fact]
    public void Secrets_round_trip_through_a_0600_archive_with_a_manifest()
    {
        var entries = StackSecrets();

        var archive = SecretsArchive.Create(entries, _work.Combine("artifacts"), Now, Passphrase);
        var check = SecretsArchive.Verify(archive, Passphrase);
        var restored = SecretsArchive.Restore(archive, _work.Combine("restored"), force: false, Passphrase);

        Assert.Equal(
            [".env", "configurations/mail/dkim/private.key", "configurations/traefik/traefik.toml", "compose.override.yaml"],
            entries.Select(entry => entry.Name));
        Assert.Equal(_work.Combine("artifacts", "secrets-20261129T160500Z.tar.gz.gpg"), archive);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(archive));
        Assert.True(check.Valid, string.Join("; ", check.Problems));
        Assert.Equal(4, check.Entries.Count);
        Assert.Equal(4, restored.Count);
        foreach (var entry in entries)
        {
            var copy = _work.Combine("restored", entry.Name);
            Assert.Equal(File.ReadAllBytes(entry.SourcePath), File.ReadAllBytes(copy));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(copy));
        }

        var manifest = ReadEntries(archive)[SecretsArchive.ManifestName];
        Assert.Contains($"{Sha256(File.ReadAllBytes(Path.Combine(Stack, ".env")))}  .env\n", Encoding.UTF8.GetString(manifest));
    }

    [Fact]
    public void A_changed_entry_fails_verification_and_is_not_restored()
    {
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now, Passphrase);
        var entries = ReadEntries(archive);
        entries[".env"] = Encoding.UTF8.GetBytes("MYSQL_ROOT_PASSWORD=changed\n");
        var tampered = WriteArchive(_work.Combine("tampered.tar.gz.gpg"), entries.Select(entry => (entry.Key, entry.Value, TarEntryType.RegularFile)));

        var check = SecretsArchive.Verify(tampered, Passphrase);
        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(tampered, _work.Combine("restored"), force: true, Passphrase));

        Assert.Equal([$"entry '.env' does not match its SHA-256 in {SecretsArchive.ManifestName}: it was changed or damaged"], check.Problems);
        Assert.Contains("not restored, nothing was written", refused.Message);
        Assert.False(Directory.Exists(_work.Combine("restored")));
    }

    [Fact]
    public void A_truncated_archive_fails_its_integrity_check_and_is_reported_not_thrown()
    {
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now, Passphrase);
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(archive, bytes[..(bytes.Length / 2)]);

        var check = SecretsArchive.Verify(archive, Passphrase);

        Assert.Equal([IntegrityFailure], check.Problems);
        Assert.Empty(check.Entries);
    }

    [Theory]
    [InlineData("the middle", -2)]
    [InlineData("the last byte", -1)]
    public void A_flipped_byte_in_the_content_fails_verification_as_tampering_and_nothing_is_restored(string where, int position)
    {
        _ = where;
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now, Passphrase);
        Flip(archive, position);

        var check = SecretsArchive.Verify(archive, Passphrase);
        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(archive, _work.Combine("restored"), force: true, Passphrase));

        Assert.Equal([IntegrityFailure], check.Problems);
        Assert.Equal($"{archive}: not restored, nothing was written: {IntegrityFailure}.", refused.Message);
        Assert.False(Directory.Exists(_work.Combine("restored")));
    }

    [Fact]
    public void A_flipped_byte_in_the_header_or_a_wrong_passphrase_is_one_line_naming_the_setting_and_nothing_is_restored()
    {
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now, Passphrase);
        var copy = _work.Combine("header-flipped.tar.gz.gpg");
        File.Copy(archive, copy);
        Flip(copy, 8);

        var wrong = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(archive, _work.Combine("restored"), force: true, "not the passphrase"));
        var flipped = Assert.Throws<BuildInputException>(() => SecretsArchive.Verify(copy, Passphrase));

        Assert.Equal(
            $"{archive}: the passphrase does not open it (a wrong passphrase, or its first bytes were changed): check DEPLOY_ARCHIVE_PASSPHRASE.",
            wrong.Message);
        Assert.StartsWith($"{copy}: the passphrase does not open it", flipped.Message);
        Assert.False(Directory.Exists(_work.Combine("restored")));
    }

    [Fact]
    public void A_plaintext_archive_is_refused_with_what_to_do()
    {
        var plaintext = _work.Combine("secrets-20250101T000000Z.tar.gz");
        using (var file = File.Create(plaintext))
        {
            WriteTarGz(file, [(".env", "A=1\n"u8.ToArray(), TarEntryType.RegularFile)]);
        }

        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(plaintext, _work.Combine("restored"), force: true, Passphrase));

        Assert.Equal(
            $"{plaintext}: it is not an OpenPGP encrypted file; give a secrets-*.tar.gz.gpg that ArchiveSecrets wrote (a plaintext secrets-*.tar.gz from an older version opens with tar -xzf).",
            refused.Message);
        Assert.False(Directory.Exists(_work.Combine("restored")));
    }

    [Fact]
    public void The_archive_is_the_only_file_written_owner_only_and_holds_no_plaintext()
    {
        var entries = StackSecrets();

        var archive = SecretsArchive.Create(entries, _work.Combine("artifacts"), Now, Passphrase);

        Assert.Equal([archive], Directory.GetFiles(_work.Combine("artifacts")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(archive));
        var bytes = File.ReadAllBytes(archive);
        Assert.True(PassphraseEncryption.IsEncrypted(archive));
        foreach (var visible in new[] { "s3cret", "MYSQL_ROOT_PASSWORD", ".env", SecretsArchive.ManifestName, "PRIVATE KEY" })
        {
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(visible)) < 0, $"the archive shows '{visible}' in the clear");
        }
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    public void A_new_archive_needs_a_passphrase_of_at_least_twelve_characters(int length, bool accepted)
    {
        var settings = new ArchiveSettings("artifacts", null, null, Force: false, Passphrase: new string('w', length));

        if (accepted)
        {
            Assert.Equal(new string('w', length), settings.RequireNewPassphrase("ArchiveSecrets"));
        }
        else
        {
            Assert.Throws<BuildInputException>(() => settings.RequireNewPassphrase("ArchiveSecrets"));
        }
    }

    [Fact]
    public void The_manifest_is_the_file_the_README_has_a_user_check_in_an_emergency()
    {
        var readme = File.ReadAllText(Path.Combine(SourceRoot.Find(), "README.md"));

        var checkedByHand = Regex.Match(readme, @"sha256sum -c (\S+)\)").Groups[1].Value;

        Assert.Equal(SecretsArchive.ManifestName, checkedByHand);
    }

    [Fact]
    public void In_an_emergency_plain_gpg_and_tar_open_the_archive_and_sha256sum_checks_it()
    {
        var entries = StackSecrets();
        var archive = SecretsArchive.Create(entries, _work.Combine("artifacts"), Now, Passphrase);
        using var gpg = new GnupgHome();
        var target = Directory.CreateDirectory(_work.Combine("by-hand")).FullName;

        var decrypted = gpg.Run(Passphrase, "--decrypt", archive);
        var unpacked = GnupgHome.Start("tar", ["-xzf", "-", "-C", target], decrypted.Output);
        var summed = GnupgHome.Start("sh", ["-c", $"cd '{target}' && sha256sum -c {SecretsArchive.ManifestName}"], []);

        Assert.True(decrypted.ExitCode == 0, decrypted.Error);
        Assert.True(unpacked.ExitCode == 0, unpacked.Error);
        Assert.True(summed.ExitCode == 0, summed.Error + Encoding.UTF8.GetString(summed.Output));
        foreach (var entry in entries)
        {
            Assert.Equal(File.ReadAllBytes(entry.SourcePath), File.ReadAllBytes(Path.Combine(target, entry.Name)));
        }
    }

    [Theory]
    [InlineData("../outside.txt", TarEntryType.RegularFile, "entry '../outside.txt' refused: '..' in the path")]
    [InlineData("configurations/../../outside.txt", TarEntryType.RegularFile, "entry 'configurations/../../outside.txt' refused: '..' in the path")]
    [InlineData("configurations\\..\\..\\outside.txt", TarEntryType.RegularFile, "entry 'configurations\\..\\..\\outside.txt' refused: '..' in the path")]
    [InlineData("\\tmp\\absolute.txt", TarEntryType.RegularFile, "entry '\\tmp\\absolute.txt' refused: absolute path")]
    [InlineData("C:/absolute.txt", TarEntryType.RegularFile, "entry 'C:/absolute.txt' refused: absolute path")]
    [InlineData("/tmp/absolute.txt", TarEntryType.RegularFile, "entry '/tmp/absolute.txt' refused: absolute path")]
    [InlineData("link", TarEntryType.SymbolicLink, "entry 'link' refused: a link to '/etc/shadow'")]
    public void Entries_that_could_escape_the_target_are_refused(string name, TarEntryType type, string problem)
    {
        var content = Encoding.UTF8.GetBytes("payload\n");
        var manifest = Encoding.UTF8.GetBytes($"{Sha256(content)}  {name}\n");
        var archive = WriteArchive(_work.Combine("hostile.tar.gz.gpg"), [(name, content, type), (SecretsArchive.ManifestName, manifest, TarEntryType.RegularFile)]);

        var check = SecretsArchive.Verify(archive, Passphrase);
        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(archive, _work.Combine("restored", "deeper"), force: true, Passphrase));

        Assert.Contains(problem, check.Problems);
        Assert.Contains(problem, refused.Message);
        Assert.False(Directory.Exists(_work.Combine("restored")));
        Assert.False(File.Exists(_work.Combine("restored", "outside.txt")));
    }

    [Fact]
    public void Existing_files_are_not_overwritten_without_force()
    {
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now, Passphrase);
        var target = _work.Combine("restored");
        SecretsArchive.Restore(archive, target, force: false, Passphrase);
        File.WriteAllText(Path.Combine(target, ".env"), "edited since\n");
        File.Delete(Path.Combine(target, "compose.override.yaml"));

        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(archive, target, force: false, Passphrase));

        Assert.Contains($"{Path.Combine(target, ".env")}, ", refused.Message);
        Assert.EndsWith("already exist; give --force to overwrite.", refused.Message);
        Assert.Equal("edited since\n", File.ReadAllText(Path.Combine(target, ".env")));
        Assert.False(File.Exists(Path.Combine(target, "compose.override.yaml")), "a refused restore wrote a file");

        SecretsArchive.Restore(archive, target, force: true, Passphrase);
        Assert.Equal("MYSQL_ROOT_PASSWORD=s3cret\n", File.ReadAllText(Path.Combine(target, ".env")));
    }

    [Fact]
    public void The_archive_tasks_as_a_user_runs_them()
    {
        StackSecrets();
        string[] stack = ["--stack=stack", "--artifacts=out"];
        var passphrase = new Dictionary<string, string> { ["DEPLOY_ARCHIVE_PASSPHRASE"] = Passphrase };

        var archived = BuildProgram.Run(_work.Path, passphrase, [.. stack, "--target=ArchiveSecrets", "--verbosity=diagnostic"]);
        var archive = Assert.Single(Directory.GetFiles(_work.Combine("out"), "secrets-*"));
        var verified = BuildProgram.Run(_work.Path, passphrase, [.. stack, "--target=VerifyArchive", $"--archive={archive}"]);
        var restored = BuildProgram.Run(_work.Path, passphrase, [.. stack, "--target=RestoreArchive", $"--archive={archive}", "--restore-to=back"]);
        var refused = BuildProgram.Run(_work.Path, passphrase, [.. stack, "--target=RestoreArchive", $"--archive={archive}", "--restore-to=back"]);

        Assert.True(archived.ExitCode == 0, archived.ToString());
        Assert.EndsWith(".tar.gz.gpg", archive);
        Assert.Contains($"Wrote {archive} (4 files and their SHA-256 manifest, encrypted with DEPLOY_ARCHIVE_PASSPHRASE, mode 0600).", archived.Output);
        Assert.DoesNotContain("s3cret", archived.Output);
        Assert.DoesNotContain(Passphrase, archived.Output);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains($"{archive}: intact (OpenPGP integrity check), 4 entries, each matching its SHA-256 in the manifest.", verified.Output);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Equal("MYSQL_ROOT_PASSWORD=s3cret\n", File.ReadAllText(_work.Combine("back", ".env")));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("already exist; give --force to overwrite.", refused.Output);
    }

    [Fact]
    public void Without_a_good_passphrase_the_archive_tasks_stop_with_one_line_naming_the_setting_and_write_nothing()
    {
        StackSecrets();
        string[] stack = ["--stack=stack", "--artifacts=out"];
        var shortOne = new Dictionary<string, string> { ["DEPLOY_ARCHIVE_PASSPHRASE"] = "eleven char" };

        var missing = BuildProgram.Run(_work.Path, null, [.. stack, "--target=ArchiveSecrets"]);
        var tooShort = BuildProgram.Run(_work.Path, shortOne, [.. stack, "--target=ArchiveSecrets"]);
        var verifyMissing = BuildProgram.Run(_work.Path, null, [.. stack, "--target=VerifyArchive", "--archive=out/x.tar.gz.gpg"]);
        var onCommandLine = BuildProgram.Run(_work.Path, null, [.. stack, "--target=ArchiveSecrets", $"--archive-passphrase={Passphrase}"]);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("ArchiveSecrets needs DEPLOY_ARCHIVE_PASSPHRASE (environment or .env), the passphrase the secrets archive is encrypted with.", missing.Output);
        Assert.Equal(2, tooShort.ExitCode);
        Assert.Contains("ArchiveSecrets: DEPLOY_ARCHIVE_PASSPHRASE has 11 characters; give it at least 12, e.g. four random words.", tooShort.Output);
        Assert.Equal(2, verifyMissing.ExitCode);
        Assert.Contains("VerifyArchive needs DEPLOY_ARCHIVE_PASSPHRASE (environment or .env)", verifyMissing.Output);
        Assert.Equal(2, onCommandLine.ExitCode);
        Assert.DoesNotContain(Passphrase, onCommandLine.Output);
        Assert.False(Directory.Exists(_work.Combine("out")), "a refused run wrote the artifacts directory");
    }

    private static Dictionary<string, byte[]> ReadEntries(string archive)
    {
        var entries = new Dictionary<string, byte[]>();
        using var file = File.OpenRead(archive);
        PassphraseEncryption.Decrypt(file, Passphrase, plaintext =>
        {
            using var gzip = new GZipStream(plaintext, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                entries[entry.Name] = content.ToArray();
            }
        });
        return entries;
    }

    /// <summary>A tar.gz of the given entries, encrypted as ArchiveSecrets encrypts: what someone who knows the passphrase could make.</summary>
    private static string WriteArchive(string path, IEnumerable<(string Name, byte[] Content, TarEntryType Type)> entries)
    {
        using var file = File.Create(path);
        PassphraseEncryption.Encrypt(file, Passphrase, "hostile.tar.gz", Now.UtcDateTime, plaintext => WriteTarGz(plaintext, entries));
        return path;
    }

    private static void WriteTarGz(Stream output, IEnumerable<(string Name, byte[] Content, TarEntryType Type)> entries)
    {
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content, type) in entries)
            {
                var entry = new PaxTarEntry(type, name);
                if (type == TarEntryType.SymbolicLink)
                {
                    entry.LinkName = "/etc/shadow";
                }
                else
                {
                    entry.DataStream = new MemoryStream(content);
                }

                tar.WriteEntry(entry);
            }
        }
    }

    private const string IntegrityFailure = "it fails its integrity check (OpenPGP MDC): it was changed or damaged since it was written; nothing from it is used";

    private static void Flip(string path, int position)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[position switch { -2 => bytes.Length / 2, < 0 => bytes.Length + position, _ => position }] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
