using System.Runtime.Versioning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>Releases uploaded over a real sshd into a temp directory of this machine.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ReleaseStoreTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly List<string> _log = [];
    private readonly TemporaryDirectory _stack = new();
    private readonly TemporaryDirectory _remote = new();
    private int _uploads;

    public void Dispose()
    {
        _stack.Dispose();
        _remote.Dispose();
    }

    [Fact]
    public void First_upload_creates_the_release_and_an_unchanged_second_upload_sends_nothing()
    {
        server.Require();
        WriteStack();
        using var session = new SshSession(server.Settings());
        var uploader = Uploader(session);

        var first = uploader.Upload(_stack.Path, Scan());
        uploader.Activate(first.ReleaseId);
        var release = _remote.Combine("releases", first.ReleaseId);

        Assert.False(first.Unchanged);
        Assert.Equal([".env", "docker-compose.yml", "web/Dockerfile", "web/run.sh"], first.Uploaded);
        Assert.Empty(first.Linked);
        Assert.True(first.ArchiveBytes > 0);
        Assert.Equal("A=secret-ish\n", File.ReadAllText(Path.Combine(release, ".env")));
        Assert.Equal("400", Mode(Path.Combine(release, ".env")));
        Assert.Equal("555", Mode(Path.Combine(release, "web/run.sh")));
        Assert.Equal("444", Mode(Path.Combine(release, "docker-compose.yml")));
        Assert.Equal($"releases/{first.ReleaseId}", new FileInfo(_remote.Combine("current")).LinkTarget);
        var manifestText = File.ReadAllText(Path.Combine(release, ReleaseManifest.FileName));
        Assert.Equal(first.ReleaseId, ReleaseManifest.Parse(manifestText, "remote").ReleaseId);

        _log.Clear();
        var second = uploader.Upload(_stack.Path, Scan());

        Assert.True(second.Unchanged);
        Assert.Equal(first.ReleaseId, second.ReleaseId);
        Assert.Empty(second.Uploaded);
        Assert.Equal(0, second.ArchiveBytes);
        Assert.Equal([first.ReleaseId], Directory.GetFileSystemEntries(_remote.Combine("releases")).Select(Path.GetFileName));
        Assert.Equal(manifestText, File.ReadAllText(Path.Combine(release, ReleaseManifest.FileName)));
        Assert.DoesNotContain(_log, line => line.Contains("tar ", StringComparison.Ordinal) || line.Contains("mkdir", StringComparison.Ordinal));
        Assert.Equal(1, session.ConnectionsOpened);
    }

    [Fact]
    public void Changed_file_is_sent_and_unchanged_files_are_hard_links_to_the_previous_release()
    {
        server.Require();
        WriteStack();
        using var session = new SshSession(server.Settings());
        var uploader = Uploader(session);
        var first = UploadAndActivate(uploader);

        _stack.Write("web/Dockerfile", "FROM busybox\nCOPY . /\n");
        _stack.Write("extra/new.conf", "x\n");
        File.Delete(_stack.Combine("docker-compose.yml"));
        var second = uploader.Upload(_stack.Path, Scan());

        Assert.False(second.Unchanged);
        Assert.Equal(["extra/new.conf", "web/Dockerfile"], second.Uploaded);
        Assert.Equal([".env", "web/run.sh"], second.Linked);
        var shell = Shell(session);
        foreach (var path in second.Linked)
        {
            Assert.Equal(Inode(shell, first.ReleaseId, path), Inode(shell, second.ReleaseId, path));
        }

        Assert.NotEqual(Inode(shell, first.ReleaseId, "web/Dockerfile"), Inode(shell, second.ReleaseId, "web/Dockerfile"));
        Assert.False(File.Exists(_remote.Combine("releases", second.ReleaseId, "docker-compose.yml")));
        Assert.Equal("FROM busybox\nCOPY . /\n", File.ReadAllText(_remote.Combine("releases", second.ReleaseId, "web/Dockerfile")));
        Assert.Equal("400", Mode(_remote.Combine("releases", second.ReleaseId, ".env")));
        // Not active until asked: compose keeps running the first release meanwhile.
        Assert.Equal(first.ReleaseId, uploader.CurrentId());
        Assert.Equal(1, session.ConnectionsOpened);
    }

    [Fact]
    public void A_file_edited_on_the_host_since_its_release_is_uploaded_again_not_linked()
    {
        server.Require();
        WriteStack();
        using var session = new SshSession(server.Settings());
        var uploader = Uploader(session);
        var first = UploadAndActivate(uploader);
        // What a container bind-mounting the file as root could do in place.
        var edited = _remote.Combine("releases", first.ReleaseId, "web/Dockerfile");
        File.WriteAllText(edited, "FROM evil\n");

        _stack.Write("extra/new.conf", "x\n");
        var second = uploader.Upload(_stack.Path, Scan());

        Assert.Equal(["extra/new.conf", "web/Dockerfile"], second.Uploaded);
        Assert.Equal([".env", "docker-compose.yml", "web/run.sh"], second.Linked);
        Assert.Equal("FROM scratch\n", File.ReadAllText(_remote.Combine("releases", second.ReleaseId, "web/Dockerfile")));
        Assert.Equal("FROM evil\n", File.ReadAllText(edited));
        Assert.Contains($"Release {first.ReleaseId}'s copy of web/Dockerfile on {server.Target} no longer has the hash it was released with: uploading it again.", _log);
    }

    [Fact]
    public void A_previous_copy_replaced_by_a_link_to_a_file_with_the_same_bytes_is_sent_again_not_linked()
    {
        server.Require();
        WriteStack();
        using var session = new SshSession(server.Settings());
        var uploader = Uploader(session);
        var first = UploadAndActivate(uploader);
        // Same bytes today, but whoever owns the file outside the release could change them tomorrow.
        var outside = _remote.Combine("outside-Dockerfile");
        File.WriteAllText(outside, "FROM scratch\n");
        var copy = _remote.Combine("releases", first.ReleaseId, "web/Dockerfile");
        File.Delete(copy);
        File.CreateSymbolicLink(copy, outside);

        _stack.Write("extra/new.conf", "x\n");
        var second = uploader.Upload(_stack.Path, Scan());

        var sent = new FileInfo(_remote.Combine("releases", second.ReleaseId, "web/Dockerfile"));
        Assert.Equal(["extra/new.conf", "web/Dockerfile"], second.Uploaded);
        Assert.Equal([".env", "docker-compose.yml", "web/run.sh"], second.Linked);
        Assert.Null(sent.LinkTarget);
        Assert.NotEqual(Inode(Shell(session), first.ReleaseId, "web/Dockerfile"), Inode(Shell(session), second.ReleaseId, "web/Dockerfile"));
        Assert.Equal("FROM scratch\n", File.ReadAllText(sent.FullName));
        Assert.Contains($"Release {first.ReleaseId}'s copy of web/Dockerfile on {server.Target} no longer has the hash it was released with: uploading it again.", _log);
    }

    [Fact]
    public void A_world_writable_stack_file_lands_read_only_and_deploy_settings_stay_here()
    {
        server.Require();
        WriteStack();
        _stack.Write(".env", "A=secret-ish\nDEPLOY_SSH_KEY_PASSPHRASE=Hy6-passphrase-secret\n");
        File.SetUnixFileMode(_stack.Combine("docker-compose.yml"), (UnixFileMode)Convert.ToInt32("666", 8));
        using var session = new SshSession(server.Settings());

        var release = Uploader(session).Upload(_stack.Path, Scan());

        var folder = _remote.Combine("releases", release.ReleaseId);
        Assert.Equal("444", Mode(Path.Combine(folder, "docker-compose.yml")));
        Assert.Equal("A=secret-ish\n", File.ReadAllText(Path.Combine(folder, ".env")));
    }

    [Fact]
    public void Activate_swaps_the_link_previous_names_the_rollback_target_and_prune_keeps_current_and_previous()
    {
        server.Require();
        WriteStack();
        using var session = new SshSession(server.Settings());
        var uploader = Uploader(session);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            _stack.Write("version.txt", $"{i}\n");
            ids.Add(uploader.Upload(_stack.Path, Scan()).ReleaseId);
        }

        Assert.True(uploader.Activate(ids[1]));
        Assert.False(uploader.Activate(ids[1]));
        Assert.Equal($"releases/{ids[1]}", new FileInfo(_remote.Combine("current")).LinkTarget);
        Assert.False(File.Exists(_remote.Combine("current.tmp")));
        // ids[0] was never switched to: it is no rollback target.
        Assert.Null(uploader.Previous());
        Assert.Equal(ids, uploader.Releases());

        // keep 1 leaves the newest and current; nothing else is a rollback target.
        Assert.Equal([ids[0], ids[2]], uploader.Prune(keep: 1));
        Assert.Equal([ids[1], ids[3]], uploader.Releases());

        Assert.True(uploader.Activate(ids[3]));
        Assert.Equal(ids[1], uploader.Previous());
        Assert.Empty(uploader.Prune(keep: 1));
        Assert.Equal([ids[1], ids[3]], uploader.Releases());
        Assert.Equal($"releases/{ids[3]}", new FileInfo(_remote.Combine("current")).LinkTarget);

        Assert.Throws<InvalidOperationException>(() => uploader.Discard(ids[3]));
        uploader.Discard(ids[1]);
        Assert.Equal([ids[3]], uploader.Releases());
        Assert.Null(uploader.Previous());
        Assert.Equal(1, session.ConnectionsOpened);
    }

    [Fact]
    public void An_upload_removes_partial_releases_left_by_uploads_that_were_cut_off_and_a_release_never_switched_to_is_no_rollback_target()
    {
        server.Require();
        WriteStack();
        using var session = new SshSession(server.Settings());
        var uploader = Uploader(session);
        var first = UploadAndActivate(uploader);
        _stack.Write("version.txt", "failed build\n");
        var failed = uploader.Upload(_stack.Path, Scan());
        Directory.CreateDirectory(_remote.Combine("releases", "20250102T030400000Z.partial", "web"));

        _stack.Write("version.txt", "good\n");
        var good = uploader.Upload(_stack.Path, Scan());
        uploader.Activate(good.ReleaseId);

        Assert.Contains($"Removed {_remote.Combine("releases", "20250102T030400000Z.partial")} on {server.Target}, left by an upload that was cut off.", _log);
        Assert.Equal([first.ReleaseId, failed.ReleaseId, good.ReleaseId], uploader.Releases());
        Assert.Equal(first.ReleaseId, uploader.Previous());
    }

    [Fact]
    public void A_dry_run_reads_the_current_release_and_shows_only_what_an_upload_would_change()
    {
        server.Require();
        WriteStack();
        using var drySession = new SshSession(server.Settings() with { DryRun = true });
        using var session = new SshSession(server.Settings());
        var dryRun = Uploader(drySession);

        var foreseen = dryRun.Upload(_stack.Path, Scan());
        dryRun.Activate(foreseen.ReleaseId);
        var leftAfterDryRun = Directory.GetFileSystemEntries(_remote.Path);
        var made = Uploader(session).Upload(_stack.Path, Scan());
        Uploader(session).Activate(made.ReleaseId);
        _log.Clear();
        var afterwards = dryRun.Upload(_stack.Path, Scan());

        Assert.Empty(leftAfterDryRun);
        Assert.False(foreseen.Unchanged);
        Assert.Equal(made.Uploaded, foreseen.Uploaded);
        Assert.True(afterwards.Unchanged);
        Assert.Equal(made.ReleaseId, afterwards.ReleaseId);
        Assert.Contains($"Release {made.ReleaseId} on root@127.0.0.1:{server.Port} already holds these 4 files: nothing to upload.", _log);
        Assert.DoesNotContain(_log, line => line.StartsWith("[dry-run]", StringComparison.Ordinal));

        // The hashes of the files a new release would link are read for real: only the edited file would go up.
        _stack.Write("docker-compose.yml", "services: { web: {} }\n");
        var oneChange = dryRun.Upload(_stack.Path, Scan());
        Assert.Equal(["docker-compose.yml"], oneChange.Uploaded);
        Assert.Equal([".env", "web/Dockerfile", "web/run.sh"], oneChange.Linked);
    }

    private void WriteStack()
    {
        _stack.Write("docker-compose.yml", "services: {}\n");
        _stack.Write(".env", "A=secret-ish\n");
        _stack.Write("web/Dockerfile", "FROM scratch\n");
        _stack.Write("web/run.sh", "#!/bin/sh\n");
        File.SetUnixFileMode(_stack.Combine("web/run.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
    }

    private UploadResult UploadAndActivate(ReleaseStore uploader)
    {
        var release = uploader.Upload(_stack.Path, Scan());
        uploader.Activate(release.ReleaseId);
        return release;
    }

    // Ids one second apart: every upload of a test gets its own release.
    private ReleaseManifest Scan() => ReleaseManifest.Scan(_stack.Path, Start.AddSeconds(_uploads++));

    private RemoteShell Shell(SshSession session) => new(session, new SecretRedactor(), _log.Add);

    private ReleaseStore Uploader(SshSession session) => new(Shell(session), _remote.Path, _log.Add);

    private string Inode(RemoteShell shell, string releaseId, string path) =>
        shell.Run($"stat -c %i {ShellQuote.Quote(_remote.Combine("releases", releaseId, path))}").Trim();

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);
}
