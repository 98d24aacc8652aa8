using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// Every command line <see cref="DataNodeLabel"/> runs on the host, built here so their text, and
/// the quoting of the node id in it, is checked without a host.
/// </summary>
public static class DataNodeLabelCommands
{
    /// <summary>"active true &lt;node id&gt;" on a manager.</summary>
    public static RemoteCommand SwarmState() =>
        Root("docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeID}}'");

    /// <summary>The node's data label: "true" when it is the data node.</summary>
    public static RemoteCommand DataLabel(string node) =>
        Root($"docker node inspect --format '{{{{index .Spec.Labels \"{SwarmStackFile.DataLabel}\"}}}}' {ShellQuote.Quote(node)}");

    public static RemoteCommand AddDataLabel(string node) =>
        Root($"docker node update --label-add {SwarmStackFile.DataLabel}=true {ShellQuote.Quote(node)}");

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
