using System.Runtime.Versioning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment;

/// <summary>Which services a release must build: the hash of each build context, from the release's manifest.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class BuildContextsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly TemporaryDirectory _stack = new();

    public BuildContextsTests()
    {
        _stack.Write("docker-compose.yml", """
            services:
              web:
                build: ./web
              worker:
                build:
                  context: ./worker
                  dockerfile: ../docker/worker.Dockerfile
              fetched:
                build: https://example.invalid/repo.git
              pulled:
                image: busybox
            """);
        _stack.Write(".env", "A=1\n");
        _stack.Write("web/Dockerfile", "FROM scratch\n");
        _stack.Write("web/index.html", "<h1>hi</h1>\n");
        _stack.Write("web/notes.md", "root of the context\n");
        _stack.Write("web/sub/notes.md", "deeper in the context\n");
        _stack.Write("web/.dockerignore", "*.md\n");
        _stack.Write("worker/job.sh", "echo hi\n");
        _stack.Write("docker/worker.Dockerfile", "FROM scratch\n");
        _stack.Write("pages/unread.html", "mounted, never built\n");
    }

    public void Dispose() => _stack.Dispose();

    private IReadOnlyDictionary<string, string> Hashes() => Manifest().BuildContexts;

    private ReleaseManifest Manifest()
    {
        var scanned = ReleaseManifest.Scan(_stack.Path, Now);
        return scanned.WithBuildContexts(BuildContexts.Of([_stack.Combine("docker-compose.yml")], _stack.Path, scanned));
    }

    [Fact]
    public void Each_service_built_from_the_stack_gets_a_hash_and_one_built_from_a_url_none()
    {
        Assert.Equal(["web", "worker"], Hashes().Keys);
        Assert.Equal(["fetched", "web", "worker"], BuildContexts.BuiltServices([_stack.Combine("docker-compose.yml")]));
    }

    [Fact]
    public void A_file_of_one_context_changes_that_service_only_and_a_file_outside_every_context_changes_none()
    {
        var before = Hashes();

        _stack.Write("pages/unread.html", "changed\n");
        var afterUnread = Hashes();
        _stack.Write("web/index.html", "<h1>changed</h1>\n");
        var afterPage = Hashes();
        _stack.Write("docker/worker.Dockerfile", "FROM scratch\nCOPY job.sh /\n");
        var afterDockerfile = Hashes();

        Assert.Equal(before, afterUnread);
        Assert.NotEqual(before["web"], afterPage["web"]);
        Assert.Equal(before["worker"], afterPage["worker"]);
        Assert.Equal(afterPage["web"], afterDockerfile["web"]);
        Assert.NotEqual(afterPage["worker"], afterDockerfile["worker"]);
    }

    [Fact]
    public void The_dockerignore_leaves_out_what_docker_leaves_out_and_no_more()
    {
        var before = Hashes();

        _stack.Write("web/notes.md", "ignored: docker matches *.md at the context's root\n");
        var afterIgnored = Hashes();
        _stack.Write("web/sub/notes.md", "sent: docker's *.md does not reach into sub/\n");
        var afterDeeper = Hashes();
        _stack.Write("web/.dockerignore", "*.md\nsub\n!sub/notes.md\n");
        var afterIgnoreEdit = Hashes();
        _stack.Write("web/sub/notes.md", "taken back by the exception\n");
        var afterException = Hashes();
        _stack.Write("web/sub/other.md", "in the ignored folder\n");
        var afterIgnoredFolder = Hashes();

        Assert.Equal(before["web"], afterIgnored["web"]);
        Assert.NotEqual(afterIgnored["web"], afterDeeper["web"]);
        Assert.NotEqual(afterDeeper["web"], afterIgnoreEdit["web"]);
        Assert.NotEqual(afterIgnoreEdit["web"], afterException["web"]);
        Assert.Equal(afterException["web"], afterIgnoredFolder["web"]);
    }

    [Fact]
    public void The_build_section_and_for_an_interpolated_one_the_env_count()
    {
        var before = Hashes();
        _stack.Write(".env", "A=2\n");
        var afterEnv = Hashes();
        var compose = File.ReadAllText(_stack.Combine("docker-compose.yml"));
        _stack.Write("docker-compose.yml", compose.Replace("build: ./web", "build:\n      context: ./web\n      args: { A: \"${A}\" }", StringComparison.Ordinal));
        var withArgs = Hashes();
        _stack.Write(".env", "A=3\n");
        var afterEnvWithArgs = Hashes();

        Assert.Equal(before, afterEnv);
        Assert.NotEqual(afterEnv["web"], withArgs["web"]);
        Assert.NotEqual(withArgs["web"], afterEnvWithArgs["web"]);
        Assert.Equal(withArgs["worker"], afterEnvWithArgs["worker"]);
    }

    [Fact]
    public void Only_the_services_whose_hash_changed_are_built_and_all_when_the_previous_release_recorded_none()
    {
        var previous = Manifest();
        _stack.Write("web/index.html", "<h1>changed</h1>\n");
        var next = Manifest();
        var built = BuildContexts.BuiltServices([_stack.Combine("docker-compose.yml")]);
        var unrecorded = ReleaseManifest.Parse(previous.ToJson().Replace("\"buildContexts\"", "\"ignored\"", StringComparison.Ordinal), "test");

        Assert.Equal(["fetched", "web"], BuildContexts.ServicesToBuild(next, previous, built));
        Assert.Equal(["fetched"], BuildContexts.ServicesToBuild(previous, previous, built));
        Assert.Null(BuildContexts.ServicesToBuild(next, null, built));
        Assert.Null(BuildContexts.ServicesToBuild(next, unrecorded, built));
        // A stack that builds nothing records no hashes, and has nothing to build: not "build everything".
        Assert.Equal([], BuildContexts.ServicesToBuild(next, unrecorded, []));
        Assert.Equal([], BuildContexts.ServicesToBuild(next, null, []));
    }

    [Fact]
    public void The_hashes_travel_in_the_manifest()
    {
        var manifest = Manifest();

        var parsed = ReleaseManifest.Parse(manifest.ToJson(), "test");

        Assert.Equal(manifest.BuildContexts, parsed.BuildContexts);
        Assert.Equal(manifest.ContentHash, parsed.ContentHash);
    }

    [Fact]
    public void A_service_running_the_image_another_builds_is_named_with_it_and_only_then()
    {
        _stack.Write("docker-compose.yml", """
            services:
              app:
                build: ./web
                image: cloud/app:1
              app-worker:
                image: cloud/app:1
              other:
                image: cloud/app:2
              pulled:
                image: busybox
            """);
        _stack.Write("docker-compose.override.yml", "services:\n  late:\n    image: cloud/app:1\n  other:\n    build: ./worker\n");
        string[] files = [_stack.Combine("docker-compose.yml"), _stack.Combine("docker-compose.override.yml")];

        Assert.Equal(["app-worker", "late"], BuildContexts.ServicesRunningImagesOf(files, ["app"]));
        Assert.Empty(BuildContexts.ServicesRunningImagesOf(files, ["other"]));
        Assert.Empty(BuildContexts.ServicesRunningImagesOf(files, []));
    }
}
