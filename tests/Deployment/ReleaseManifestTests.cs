using System.Runtime.Versioning;
using LibGit2Sharp;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

[UnsupportedOSPlatform("windows")]
public sealed class ReleaseManifestTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);

    private readonly TemporaryDirectory _stack = new();

    public void Dispose() => _stack.Dispose();

    [Fact]
    public void Scan_lists_every_file_with_hash_mode_and_size_but_skips_git_and_ignored_paths()
    {
        _stack.Write("docker-compose.yml", "services: {}\n");
        _stack.Write(".env", "A=1\n");
        _stack.Write("web/Dockerfile", "FROM scratch\n");
        _stack.Write("web/run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(_stack.Combine("web/run.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
        _stack.Write(".git/config", "[core]\n");
        _stack.Write("sub/.git", "gitdir: ../.git/modules/sub\n");
        _stack.Write("sub/notes.bak", "old\n");
        _stack.Write(ReleaseManifest.FileName, "{}");
        _stack.Write(StackFiles.IgnoreFileName, "*.bak\n");

        var manifest = ReleaseManifest.Scan(_stack.Path, Now);

        Assert.Equal([".env", "docker-compose.yml", "web/Dockerfile", "web/run.sh"], manifest.Files.Select(f => f.Path));
        var env = manifest.Files[0];
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("A=1\n"u8)), env.Sha256);
        Assert.Equal(4, env.Size);
        Assert.Equal("755", Convert.ToString((int)manifest.Files[3].Mode, 8));
        Assert.Equal("20250304T050607089Z", manifest.ReleaseId);
        Assert.Null(manifest.GitCommit);
    }

    [Fact]
    public void Json_round_trip_keeps_everything_and_the_content_hash_ignores_id_and_time()
    {
        _stack.Write("docker-compose.yml", "services: {}\n");
        _stack.Write("conf/app.ini", "x=1\n");
        var first = ReleaseManifest.Scan(_stack.Path, Now);

        var parsed = ReleaseManifest.Parse(first.ToJson(), "test");
        var later = ReleaseManifest.Scan(_stack.Path, Now.AddMinutes(1));

        Assert.Equal(first.ReleaseId, parsed.ReleaseId);
        Assert.Equal(first.CreatedUtc, parsed.CreatedUtc);
        Assert.Equal(first.Files, parsed.Files);
        Assert.True(parsed.SameContentAs(later));
        Assert.NotEqual(first.ReleaseId, later.ReleaseId);

        File.SetUnixFileMode(_stack.Combine("conf/app.ini"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.False(first.SameContentAs(ReleaseManifest.Scan(_stack.Path, Now)));
    }

    [Fact]
    public void Scan_records_the_head_commit_of_the_repository_holding_the_stack()
    {
        Repository.Init(_stack.Path);
        _stack.Write("docker-compose.yml", "services: {}\n");
        string sha;
        using (var repository = new Repository(_stack.Path))
        {
            Commands.Stage(repository, "docker-compose.yml");
            var signature = new Signature("test", "test@example.org", Now);
            sha = repository.Commit("stack", signature, signature).Sha;
        }

        var manifest = ReleaseManifest.Scan(_stack.Path, Now);

        Assert.Equal(sha, manifest.GitCommit);
        Assert.Equal(["docker-compose.yml"], manifest.Files.Select(f => f.Path));
    }

    [Fact]
    public void Parse_names_the_source_of_a_broken_manifest()
    {
        var error = Assert.Throws<InvalidDataException>(() => ReleaseManifest.Parse("{\"format\": 1}", "host:/srv/current/.release.json"));

        Assert.StartsWith("host:/srv/current/.release.json: not a valid release manifest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20250304T050607089Z", true)]
    [InlineData("20250304T050607089Z.partial", false)]
    [InlineData("latest", false)]
    public void Release_ids_are_recognised(string text, bool expected) =>
        Assert.Equal(expected, ReleaseManifest.IsReleaseId(text));
}
