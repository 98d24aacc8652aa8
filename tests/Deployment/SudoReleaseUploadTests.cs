using System.Runtime.Versioning;
using System.Security.Cryptography;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>
/// A release uploaded by a non-root user with passwordless sudo, on the disposable Debian host: the
/// upload's one command then runs under sudo's <c>sh</c> (dash), which must split its stdin into the
/// link list and the archive exactly as bash does for root.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class SudoReleaseUploadTests(DisposableHostFixture host) : IClassFixture<DisposableHostFixture>, IDisposable
{
    private readonly TemporaryDirectory _stack = new();
    private readonly string _remote = $"/srv/upload-{Guid.NewGuid():N}";

    public void Dispose() => _stack.Dispose();

    [Fact]
    public void A_sudo_user_uploads_a_release_then_sends_only_the_changed_file_and_links_the_rest()
    {
        host.Require();
        _stack.Write("docker-compose.yml", "services: {}\n");
        _stack.Write(".env", "A=secret-ish\n");
        _stack.Write("web/Dockerfile", "FROM scratch\n");
        using var session = new SshSession(host.Settings(DisposableHostFixture.SudoUser));
        var uploader = new ReleaseStore(new RemoteShell(session, new SecretRedactor(), _ => { }), _remote, _ => { });

        var first = uploader.Upload(_stack.Path, ReleaseManifest.Scan(_stack.Path, new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero)));
        uploader.Activate(first.ReleaseId);
        _stack.Write("web/Dockerfile", "FROM scratch\nCOPY . /\n");
        var second = uploader.Upload(_stack.Path, ReleaseManifest.Scan(_stack.Path, new DateTimeOffset(2026, 11, 30, 1, 0, 1, TimeSpan.Zero)));

        Assert.Equal(["web/Dockerfile"], second.Uploaded);
        Assert.Equal([".env", "docker-compose.yml"], second.Linked);
        string Remote(string release, string path) => $"{_remote}/releases/{release}/{path}";
        Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_stack.Combine("web/Dockerfile")))),
            host.Exec($"sha256sum {Remote(second.ReleaseId, "web/Dockerfile")}").Split(' ')[0]);
        Assert.Equal(
            host.Exec($"stat -c %i {Remote(first.ReleaseId, "docker-compose.yml")}"),
            host.Exec($"stat -c %i {Remote(second.ReleaseId, "docker-compose.yml")}"));
        Assert.Equal("root 400 A=secret-ish", host.Exec($"stat -c '%U %a' {Remote(second.ReleaseId, ".env")} | tr '\\n' ' '; cat {Remote(second.ReleaseId, ".env")}").Trim());
        Assert.Equal("", host.Exec($"ls -A {_remote}/releases | grep partial || true"));
    }
}
