using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Archive;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Backup;

[UnsupportedOSPlatform("windows")]
public sealed class SecretsArchiveTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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

        var archive = SecretsArchive.Create(entries, _work.Combine("artifacts"), Now);
        var check = SecretsArchive.Verify(archive);
        var restored = SecretsArchive.Restore(archive, _work.Combine("restored"), force: false);

        Assert.Equal(
            [".env", "configurations/mail/dkim/private.key", "configurations/traefik/traefik.toml", "compose.override.yaml"],
            entries.Select(entry => entry.Name));
        Assert.Equal(_work.Combine("artifacts", "secrets-20261129T160500Z.tar.gz"), archive);
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
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now);
        var entries = ReadEntries(archive);
        entries[".env"] = Encoding.UTF8.GetBytes("MYSQL_ROOT_PASSWORD=changed\n");
        var tampered = WriteArchive(_work.Combine("tampered.tar.gz"), entries.Select(entry => (entry.Key, entry.Value, TarEntryType.RegularFile)));

        var check = SecretsArchive.Verify(tampered);
        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(tampered, _work.Combine("restored"), force: true));

        Assert.Equal([$"entry '.env' does not match its SHA-256 in {SecretsArchive.ManifestName}: it was changed or damaged"], check.Problems);
        Assert.Contains("not restored, nothing was written", refused.Message);
        Assert.False(Directory.Exists(_work.Combine("restored")));
    }

    [Fact]
    public void A_damaged_file_is_reported_not_thrown()
    {
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now);
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(archive, bytes[..(bytes.Length / 2)]);

        var check = SecretsArchive.Verify(archive);

        Assert.False(check.Valid);
        Assert.Contains(check.Problems, problem => problem.StartsWith("not a readable tar.gz", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../outside.txt", TarEntryType.RegularFile, "entry '../outside.txt' refused: '..' in the path")]
    [InlineData("/tmp/absolute.txt", TarEntryType.RegularFile, "entry '/tmp/absolute.txt' refused: absolute path")]
    [InlineData("link", TarEntryType.SymbolicLink, "entry 'link' refused: a link to '/etc/shadow'")]
    public void Entries_that_could_escape_the_target_are_refused(string name, TarEntryType type, string problem)
    {
        var content = Encoding.UTF8.GetBytes("payload\n");
        var manifest = Encoding.UTF8.GetBytes($"{Sha256(content)}  {name}\n");
        var archive = WriteArchive(_work.Combine("hostile.tar.gz"), [(name, content, type), (SecretsArchive.ManifestName, manifest, TarEntryType.RegularFile)]);

        var check = SecretsArchive.Verify(archive);
        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(archive, _work.Combine("restored", "deeper"), force: true));

        Assert.Contains(problem, check.Problems);
        Assert.Contains(problem, refused.Message);
        Assert.False(Directory.Exists(_work.Combine("restored")));
        Assert.False(File.Exists(_work.Combine("restored", "outside.txt")));
    }

    [Fact]
    public void Existing_files_are_not_overwritten_without_force()
    {
        var archive = SecretsArchive.Create(StackSecrets(), _work.Combine("artifacts"), Now);
        var target = _work.Combine("restored");
        SecretsArchive.Restore(archive, target, force: false);
        File.WriteAllText(Path.Combine(target, ".env"), "edited since\n");
        File.Delete(Path.Combine(target, "compose.override.yaml"));

        var refused = Assert.Throws<BuildInputException>(() => SecretsArchive.Restore(archive, target, force: false));

        Assert.Contains($"{Path.Combine(target, ".env")}, ", refused.Message);
        Assert.EndsWith("already exist; give --force to overwrite.", refused.Message);
        Assert.Equal("edited since\n", File.ReadAllText(Path.Combine(target, ".env")));
        Assert.False(File.Exists(Path.Combine(target, "compose.override.yaml")), "a refused restore wrote a file");

        SecretsArchive.Restore(archive, target, force: true);
        Assert.Equal("MYSQL_ROOT_PASSWORD=s3cret\n", File.ReadAllText(Path.Combine(target, ".env")));
    }

    [Fact]
    public void The_archive_tasks_as_a_user_runs_them()
    {
        StackSecrets();
        string[] stack = ["--stack=stack", "--artifacts=out"];

        var archived = BuildProgram.Run(_work.Path, null, [.. stack, "--target=ArchiveSecrets"]);
        var archive = Assert.Single(Directory.GetFiles(_work.Combine("out"), "secrets-*.tar.gz"));
        var verified = BuildProgram.Run(_work.Path, null, [.. stack, "--target=VerifyArchive", $"--archive={archive}"]);
        var restored = BuildProgram.Run(_work.Path, null, [.. stack, "--target=RestoreArchive", $"--archive={archive}", "--to=back"]);
        var refused = BuildProgram.Run(_work.Path, null, [.. stack, "--target=RestoreArchive", $"--archive={archive}", "--to=back"]);

        Assert.True(archived.ExitCode == 0, archived.ToString());
        Assert.Contains($"Wrote {archive} (4 files and their SHA-256 manifest, mode 0600).", archived.Output);
        Assert.DoesNotContain("s3cret", archived.Output);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains($"{archive}: 4 entries, each matching its SHA-256 in the manifest.", verified.Output);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Equal("MYSQL_ROOT_PASSWORD=s3cret\n", File.ReadAllText(_work.Combine("back", ".env")));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("already exist; give --force to overwrite.", refused.Output);
    }

    private static Dictionary<string, byte[]> ReadEntries(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new Dictionary<string, byte[]>();
        while (tar.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries[entry.Name] = content.ToArray();
        }

        return entries;
    }

    private static string WriteArchive(string path, IEnumerable<(string Name, byte[] Content, TarEntryType Type)> entries)
    {
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
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

        return path;
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
