using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// Labels the host's own swarm node as the one holding the data mounts
/// (<see cref="SwarmStackFile.DataLabel"/>): the services that keep data are placed there.
/// </summary>
public sealed class DataNodeLabel(RemoteShell shell)
{
    public IReadOnlyList<HostChange> Ensure()
    {
        var state = shell.Read(DataNodeLabelCommands.SwarmState()).Trim().Split(' ');
        if (state is not ["active", "true", var node])
        {
            throw new BuildInputException(
                $"The engine on {shell.Target} is not a Swarm manager ({string.Join(' ', state[..Math.Min(2, state.Length)])}): run `docker swarm init` there first, " +
                "or label the node holding the data from a manager with `docker node update --label-add " + SwarmStackFile.DataLabel + "=true <node>`.");
        }

        var label = shell.Read(DataNodeLabelCommands.DataLabel(node)).Trim();
        if (label == "true")
        {
            return [];
        }

        shell.Run(DataNodeLabelCommands.AddDataLabel(node));
        return [new HostChange("label", "labelled", $"swarm node {node} ({shell.Target}) {SwarmStackFile.DataLabel}=true, where the services keeping data run")];
    }
}
