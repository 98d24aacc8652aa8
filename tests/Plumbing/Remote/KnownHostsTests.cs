using System.Buffers.Binary;
using System.Runtime.Versioning;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Remote;

public sealed class KnownHostsTests : IDisposable
{
    private static readonly byte[] KeyA = Blob("ssh-ed25519", 1);
    private static readonly byte[] KeyB = Blob("ssh-ed25519", 2);
    private static readonly byte[] RsaKey = Blob("ssh-rsa", 3);

    private readonly string _folder = Directory.CreateTempSubdirectory("known-hosts-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("example.org", "example.org", HostKeyStatus.Known)]
    [InlineData("EXAMPLE.org", "example.org", HostKeyStatus.Known)]
    [InlineData("other.org,example.org,10.0.0.1", "10.0.0.1", HostKeyStatus.Known)]
    [InlineData("[example.org]:2222", "[example.org]:2222", HostKeyStatus.Known)]
    [InlineData("[example.org]:2222", "example.org", HostKeyStatus.Unknown)]
    [InlineData("example.org", "[example.org]:2222", HostKeyStatus.Unknown)]
    [InlineData("*.example.org", "web.example.org", HostKeyStatus.Known)]
    [InlineData("web?.example.org", "web1.example.org", HostKeyStatus.Known)]
    [InlineData("web*", "web1.example.org", HostKeyStatus.Known)]
    [InlineData("*.example.org,!db.example.org", "db.example.org", HostKeyStatus.Unknown)]
    [InlineData("other.org", "example.org", HostKeyStatus.Unknown)]
    public void Matches_host_patterns_like_openssh(string patterns, string name, HostKeyStatus expected)
    {
        var knownHosts = KnownHosts.Parse($"{patterns} ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");

        Assert.Equal(expected, knownHosts.Check(name, "ssh-ed25519", KeyA));
    }

    [Fact]
    public void Skips_comments_blank_lines_and_lines_openssh_would_skip()
    {
        var text = string.Join('\n',
            "# a comment",
            "",
            "   ",
            "broken-line-without-key",
            "example.org ssh-ed25519 !!!not-base64!!!",
            "@unknown-marker example.org ssh-ed25519 " + Convert.ToBase64String(KeyB),
            $"example.org ssh-ed25519 {Convert.ToBase64String(KeyA)} comment words\r",
            "");

        var knownHosts = KnownHosts.Parse(text);

        var entry = Assert.Single(knownHosts.Entries);
        Assert.Equal(7, entry.LineNumber);
        Assert.Equal(KnownHostsMarker.None, entry.Marker);
        Assert.Equal(HostKeyStatus.Known, knownHosts.Check("example.org", "ssh-ed25519", KeyA));
    }

    [Fact]
    public void An_entry_commented_out_with_no_blank_after_the_hash_is_skipped()
    {
        var knownHosts = KnownHosts.Parse($"#example.org ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");

        Assert.Empty(knownHosts.Entries);
    }

    [Fact]
    public void A_line_that_stops_before_the_key_is_skipped() =>
        Assert.Empty(KnownHosts.Parse("example.org ssh-ed25519\n").Entries);

    [Fact]
    public void Fields_separated_by_tabs_are_read_as_openssh_reads_them()
    {
        var knownHosts = KnownHosts.Parse($"example.org\tssh-ed25519 \t{Convert.ToBase64String(KeyA)}\n");

        Assert.Equal(HostKeyStatus.Known, knownHosts.Check("example.org", "ssh-ed25519", KeyA));
    }

    [Fact]
    public void Another_key_for_a_known_host_is_a_change()
    {
        var knownHosts = KnownHosts.Parse($"example.org ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");

        Assert.Equal(HostKeyStatus.Changed, knownHosts.Check("example.org", "ssh-ed25519", KeyB));
        Assert.Equal(HostKeyStatus.Changed, knownHosts.Check("example.org", "ssh-rsa", RsaKey));
    }

    [Fact]
    public void Any_of_several_keys_for_a_host_is_known()
    {
        var knownHosts = KnownHosts.Parse(
            $"example.org ssh-ed25519 {Convert.ToBase64String(KeyA)}\nexample.org ssh-rsa {Convert.ToBase64String(RsaKey)}\n");

        Assert.Equal(HostKeyStatus.Known, knownHosts.Check("example.org", "ssh-rsa", RsaKey));
    }

    [Fact]
    public void Revoked_key_is_refused_even_when_also_listed_as_trusted()
    {
        var knownHosts = KnownHosts.Parse(
            $"example.org ssh-ed25519 {Convert.ToBase64String(KeyA)}\n@revoked * ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");

        Assert.Equal(HostKeyStatus.Revoked, knownHosts.Check("example.org", "ssh-ed25519", KeyA));
    }

    [Fact]
    public void Certificate_authority_lines_vouch_for_nothing()
    {
        var knownHosts = KnownHosts.Parse($"@cert-authority *.example.org ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");

        Assert.Equal(KnownHostsMarker.CertAuthority, Assert.Single(knownHosts.Entries).Marker);
        Assert.Equal(HostKeyStatus.Unknown, knownHosts.Check("web.example.org", "ssh-ed25519", KeyA));
    }

    [Fact]
    public async Task Hashed_names_written_by_ssh_keygen_match_only_their_host()
    {
        Requires.That(Requires.Executable("ssh-keygen"), "ssh-keygen is needed (apt-get install openssh-client)");
        var path = Path.Combine(_folder, "known_hosts");
        File.WriteAllText(path, $"[cloud.example.org]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");
        await SshServerFixture.RunTool("ssh-keygen", "-H", "-f", path);

        var knownHosts = KnownHosts.Load(path);

        Assert.StartsWith("|1|", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(HostKeyStatus.Known, knownHosts.Check("[cloud.example.org]:2222", "ssh-ed25519", KeyA));
        Assert.Equal(HostKeyStatus.Unknown, knownHosts.Check("cloud.example.org", "ssh-ed25519", KeyA));
        Assert.Equal(HostKeyStatus.Changed, knownHosts.Check("[cloud.example.org]:2222", "ssh-ed25519", KeyB));
    }

    [Theory]
    [InlineData("|1|c2FsdA==")]
    [InlineData("|1|!!!|!!!")]
    public void A_hashed_name_that_cannot_be_read_matches_no_host(string hashed)
    {
        var knownHosts = KnownHosts.Parse($"{hashed} ssh-ed25519 {Convert.ToBase64String(KeyA)}\n");

        Assert.Equal(HostKeyStatus.Unknown, knownHosts.Check("example.org", "ssh-ed25519", KeyA));
    }

    [Fact]
    public void Missing_file_knows_no_host() =>
        Assert.Equal(HostKeyStatus.Unknown, KnownHosts.Load(Path.Combine(_folder, "none")).Check("example.org", "ssh-ed25519", KeyA));

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Appended_entries_are_readable_by_ssh_keygen_and_by_the_next_check()
    {
        Requires.That(Requires.Executable("ssh-keygen"), "ssh-keygen is needed (apt-get install openssh-client)");
        var path = Path.Combine(_folder, "new", "known_hosts");

        KnownHosts.Append(path, "[10.0.0.1]:2222", "ssh-ed25519", KeyA);
        File.AppendAllText(path, "# no newline at the end");
        KnownHosts.Append(path, "example.org", "ssh-rsa", RsaKey);

        Assert.Equal(
            $"[10.0.0.1]:2222 ssh-ed25519 {Convert.ToBase64String(KeyA)}\n# no newline at the end\nexample.org ssh-rsa {Convert.ToBase64String(RsaKey)}\n",
            File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(HostKeyStatus.Known, KnownHosts.Load(path).Check("[10.0.0.1]:2222", "ssh-ed25519", KeyA));
        var found = await SshServerFixture.RunTool("ssh-keygen", "-F", "[10.0.0.1]:2222", "-f", path);
        Assert.Contains(Convert.ToBase64String(KeyA), found, StringComparison.Ordinal);
    }

    [Fact]
    public void Consecutive_appends_leave_one_entry_a_line_with_no_blank_line_between()
    {
        var path = Path.Combine(_folder, "known_hosts");

        KnownHosts.Append(path, "a.example.org", "ssh-ed25519", KeyA);
        KnownHosts.Append(path, "b.example.org", "ssh-ed25519", KeyB);

        Assert.Equal(
            $"a.example.org ssh-ed25519 {Convert.ToBase64String(KeyA)}\nb.example.org ssh-ed25519 {Convert.ToBase64String(KeyB)}\n",
            File.ReadAllText(path));
    }

    [Fact]
    public async Task Fingerprint_is_the_one_ssh_keygen_prints()
    {
        Requires.That(Requires.Executable("ssh-keygen"), "ssh-keygen is needed (apt-get install openssh-client)");
        var key = Path.Combine(_folder, "key");
        await SshServerFixture.RunTool("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", key);
        var blob = Convert.FromBase64String(File.ReadAllText(key + ".pub").Split(' ')[1]);

        var printed = (await SshServerFixture.RunTool("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub")).Split(' ')[1];

        Assert.Equal(printed, HostKeyFingerprint.Sha256(blob));
        Assert.Equal("ecdsa-sha2-nistp256", SshKeyBlob.KeyType(blob));
        Assert.True(HostKeyFingerprint.Matches(printed, blob));
        Assert.True(HostKeyFingerprint.Matches("sha256:" + printed["SHA256:".Length..] + "=", blob));
        Assert.False(HostKeyFingerprint.Matches(printed.ToLowerInvariant(), blob));
    }

    /// <summary>A wire-format key blob: the key type string, then filler standing in for the key material.</summary>
    private static byte[] Blob(string keyType, byte fill)
    {
        var type = Encoding.ASCII.GetBytes(keyType);
        var blob = new byte[4 + type.Length + 32];
        BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)type.Length);
        type.CopyTo(blob, 4);
        blob.AsSpan(4 + type.Length).Fill(fill);
        return blob;
    }
}
