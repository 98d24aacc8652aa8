using System.Runtime.Versioning;
using PrivateCloud.Tasks.Host.DataDisks;
using PrivateCloud.Tasks.Targets.FirstInstall;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

[UnsupportedOSPlatform("windows")]
public sealed class PreflightCommandsTests
{
    public static TheoryData<string, RemoteCommand, bool> CommandsForPlainNames => new()
    {
        { "id -un", PreflightCommands.Login(), false },
        { "true", PreflightCommands.Sudo(), true },
        { "command -v iptables >/dev/null 2>&1 || echo iptables; command -v mkfs.ext4 >/dev/null 2>&1 || echo mkfs.ext4", PreflightCommands.MissingTools(["iptables", "mkfs.ext4"]), true },
        { "docker version --format '{{.Server.Version}}'", PreflightCommands.DockerVersion(), true },
        {
            "docker compose version --short 2>/dev/null && echo v2 || { docker-compose version --short 2>/dev/null && echo v1; }",
            PreflightCommands.ComposeVersion(), true
        },
        { "ss -Htlnp", PreflightCommands.ListeningPorts(), true },
        {
            "if mountpoint -q -- /mnt/databases; then echo mounted; elif [ -e /mnt/databases ]; then echo not-mounted; else echo missing; fi; " +
            "if mountpoint -q -- /mnt/files; then echo mounted; elif [ -e /mnt/files ]; then echo not-mounted; else echo missing; fi",
            DataMountCommands.MountStates(["/mnt/databases", "/mnt/files"]), false
        },
    };

    [Theory]
    [MemberData(nameof(CommandsForPlainNames))]
    public void Each_command_reads_as_typed_by_hand_and_only_what_needs_root_runs_as_root(string expected, RemoteCommand command, bool privileged)
    {
        Assert.Equal(expected, command.Text);
        Assert.Equal(privileged, command.Privileged);
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_data_directory_reaches_mountpoint_as_one_unchanged_argument(string value) =>
        Assert.Equal([["mountpoint", "-q", "--", value]], await StubbedShell.Calls(DataMountCommands.MountStates([value]), "mountpoint"));
}
