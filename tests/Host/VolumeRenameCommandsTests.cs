using System.Runtime.Versioning;
using PrivateCloud.Tasks.Host.DockerVolumes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

[UnsupportedOSPlatform("windows")]
public sealed class VolumeRenameCommandsTests
{
    private const string Count = "sh -c 'cd /v && printf '\\''%s '\\'' \"$(find . -mindepth 1 | wc -l)\" && find . -type f -exec stat -c %s {} + | awk '\\''{s+=$1} END {print s+0}'\\'''";

    public static TheoryData<string, RemoteCommand> CommandsForPlainNames => new()
    {
        { "docker volume inspect gitea_data >/dev/null", VolumeRenameCommands.Exists("gitea_data") },
        { "docker ps --filter volume=gitea_data --format '{{.Names}}'", VolumeRenameCommands.RunningContainersUsing("gitea_data") },
        { $"docker run --rm --network none -v gitea_data:/v:ro busybox:1.36 {Count}", VolumeRenameCommands.Count("gitea_data", "busybox:1.36") },
        {
            "set -e; docker volume create git_data >/dev/null; " +
            "docker run --rm --network none -v gitea_data:/from:ro -v git_data:/to busybox:1.36 sh -c 'cd /from && cp -a . /to'; " +
            $"copy=$(docker run --rm --network none -v git_data:/v:ro busybox:1.36 {Count}); " +
            "[ \"$copy\" = '12 3456' ] || { printf '%s\\n' \"the copy in \"git_data\" holds $copy (entries bytes), the source 12 3456: both volumes are left as they are\" >&2; exit 3; }",
            VolumeRenameCommands.CopyAndCheck("gitea_data", "git_data", "busybox:1.36", new VolumeContent(12, 3456))
        },
        { "docker volume rm gitea_data", VolumeRenameCommands.Remove("gitea_data") },
    };

    [Theory]
    [MemberData(nameof(CommandsForPlainNames))]
    public void Each_command_reads_as_typed_by_hand_and_runs_as_root(string expected, RemoteCommand command)
    {
        Assert.Equal(expected, command.Text);
        Assert.True(command.Privileged);
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_volume_or_image_reaches_docker_as_one_unchanged_argument(string value)
    {
        Assert.Equal([["docker", "volume", "inspect", value]], await StubbedShell.Calls(VolumeRenameCommands.Exists(value), "docker"));
        Assert.Equal(
            [["docker", "ps", "--filter", "volume=" + value, "--format", "{{.Names}}"]],
            await StubbedShell.Calls(VolumeRenameCommands.RunningContainersUsing(value), "docker"));
        Assert.Equal([["docker", "volume", "rm", value]], await StubbedShell.Calls(VolumeRenameCommands.Remove(value), "docker"));
    }

    /// <summary>
    /// The stubbed docker copies nothing and counts nothing, so the check fails and prints its line:
    /// the volume's name is in it as given, inside the line, never run.
    /// </summary>
    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_target_volume_is_quoted_in_every_docker_call_and_in_the_failed_check_s_line(string value)
    {
        var command = VolumeRenameCommands.CopyAndCheck("from", value, value, new VolumeContent(1, 2));

        var calls = await StubbedShell.Calls(command, "docker");
        var failure = await StubbedShell.Failure(command, "docker");

        Assert.Equal(
            [
                ["docker", "volume", "create", value],
                ["docker", "run", "--rm", "--network", "none", "-v", "from:/from:ro", "-v", value + ":/to", value, "sh", "-c", "cd /from && cp -a . /to"],
                ["docker", "run", "--rm", "--network", "none", "-v", value + ":/v:ro", value, "sh", "-c", VolumeContent.CountScript],
            ],
            calls);
        Assert.Equal((3, $"the copy in {value} holds  (entries bytes), the source 1 2: both volumes are left as they are\n"), failure);
    }
}
