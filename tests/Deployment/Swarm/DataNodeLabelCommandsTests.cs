using System.Runtime.Versioning;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment.Swarm;

[UnsupportedOSPlatform("windows")]
public sealed class DataNodeLabelCommandsTests
{
    public static TheoryData<string, RemoteCommand> CommandsForPlainNames => new()
    {
        { "docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeID}}'", DataNodeLabelCommands.SwarmState() },
        { "docker node inspect --format '{{index .Spec.Labels \"privatecloud.data\"}}' x1y2z3", DataNodeLabelCommands.DataLabel("x1y2z3") },
        { "docker node update --label-add privatecloud.data=true x1y2z3", DataNodeLabelCommands.AddDataLabel("x1y2z3") },
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
    public async Task A_hostile_node_id_reaches_docker_as_one_unchanged_argument(string value)
    {
        Assert.Equal(
            [["docker", "node", "inspect", "--format", "{{index .Spec.Labels \"privatecloud.data\"}}", value]],
            await StubbedShell.Calls(DataNodeLabelCommands.DataLabel(value), "docker"));
        Assert.Equal(
            [["docker", "node", "update", "--label-add", "privatecloud.data=true", value]],
            await StubbedShell.Calls(DataNodeLabelCommands.AddDataLabel(value), "docker"));
    }
}
