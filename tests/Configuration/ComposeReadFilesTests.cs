using PrivateCloud.Tasks.Configuration.Compose;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Configuration;

/// <summary>The files ValidateCompose's cache key hashes besides the compose files: those compose itself reads.</summary>
public sealed class ComposeReadFilesTests : IDisposable
{
    private readonly TemporaryDirectory _stack = new();

    public void Dispose() => _stack.Dispose();

    private ComposeReadFiles Read() =>
        ComposeReadFiles.Of(new ComposeProject("stack", _stack.Path, ["docker-compose.yml"], ".env"));

    [Fact]
    public void Env_files_extended_and_included_files_count_and_what_they_name_in_turn_but_no_other_file()
    {
        _stack.Write("docker-compose.yml", """
            include:
              - extra/included.yml
            services:
              web:
                image: busybox
                env_file: web.env
                volumes: ["./pages/index.html:/www/index.html"]
              worker:
                extends: { file: base/common.yml, service: base }
                env_file:
                  - path: worker.env
                    required: false
            """);
        _stack.Write("base/common.yml", "services:\n  base:\n    image: busybox\n    env_file: [base.env]\n");
        _stack.Write("extra/included.yml", "services:\n  other:\n    image: busybox\n");
        _stack.Write("pages/index.html", "never read by compose\n");

        var read = Read();

        Assert.Contains(_stack.Combine("web.env"), read.Files);
        Assert.Contains(_stack.Combine("worker.env"), read.Files);
        Assert.Contains(_stack.Combine("base/common.yml"), read.Files);
        Assert.Contains(_stack.Combine("base/base.env"), read.Files);
        Assert.Contains(_stack.Combine("extra/included.yml"), read.Files);
        Assert.DoesNotContain(_stack.Combine("pages/index.html"), read.Files);
        Assert.DoesNotContain(_stack.Combine("docker-compose.yml"), read.Files);
        Assert.False(read.NamedThroughVariable);
    }

    [Fact]
    public void A_file_named_through_a_variable_says_the_list_is_incomplete()
    {
        _stack.Write("docker-compose.yml", "services:\n  web:\n    image: busybox\n    env_file: ${WEB_ENV}\n");

        Assert.True(Read().NamedThroughVariable);
    }

    [Fact]
    public void A_change_counts_as_read_only_for_a_compose_file_or_a_file_it_names()
    {
        _stack.Write("docker-compose.yml", "services:\n  web:\n    image: busybox\n    env_file: web.env\n    volumes: [\"./pages/index.html:/www/index.html\"]\n");
        var project = new ComposeProject("stack", _stack.Path, ["docker-compose.yml"], ".env");

        Assert.True(ComposeReadFiles.ReadsAny(project, ["docker-compose.yml"]));
        Assert.True(ComposeReadFiles.ReadsAny(project, ["pages/index.html", "web.env"]));
        Assert.False(ComposeReadFiles.ReadsAny(project, ["pages/index.html", "web.env.orig", "docker-compose.yml.orig"]));

        _stack.Write("docker-compose.yml", "services:\n  web:\n    image: busybox\n    env_file: ${WEB_ENV}\n");
        Assert.True(ComposeReadFiles.ReadsAny(project, ["pages/index.html"]));
    }
}
