namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A two-node Docker Swarm of its own: the manager of <see cref="SwarmEngineFixture"/> (labelled as the
/// data node) and a worker, each a <see cref="NamespacedDockerd"/> in its own network namespace. A veth
/// pair links the two namespaces with private addresses, <see cref="ManagerAddress"/> and
/// <see cref="WorkerAddress"/>, as a private network links the machines of a real swarm; the manager
/// advertises on its address and the worker joins it there, so the swarm's control traffic (2377),
/// gossip (7946) and overlay VXLAN (UDP 4789) cross the link for real.
/// The registry (Debian's docker-registry) runs in the manager's namespace on the manager's private
/// address, the only one both namespaces reach. An engine pulls from a plain-HTTP registry only on
/// loopback or when told, so both engines start with <c>--insecure-registry</c> for it, as the nodes of
/// a real swarm must (the README's step 4). The worker gets no image from the shared engine: whatever
/// it runs, it pulled from that registry. Neither engine can reach anything beyond the link.
/// </summary>
public sealed class TwoNodeSwarmFixture : SwarmEngineFixture
{
    public const string ManagerAddress = "10.231.0.1";

    public const string WorkerAddress = "10.231.0.2";

    public TwoNodeSwarmFixture() => Worker = new NamespacedDockerd("pcswarm-worker", Path.Combine(Folder, "worker"), SharedEngine.Runner);

    /// <summary>The worker node's engine: no label, no image of its own.</summary>
    public NamespacedDockerd Worker { get; }

    public override string RegistryAddress => $"{ManagerAddress}:5000";

    protected override string AdvertiseAddress => ManagerAddress;

    protected override IReadOnlyList<string> InsecureRegistries => [RegistryAddress];

    protected override async Task<string?> ConnectNodesAsync()
    {
        Worker.CreateNamespace();
        // One end is created in each namespace at once: nothing of the link ever appears in the machine's own namespace.
        var link = $"pcsw{Guid.NewGuid():N}"[..10];
        NamespacedDockerd.Shell(
            $"ip link add {link}m netns {Manager.Namespace} type veth peer name {link}w netns {Worker.Namespace} && " +
            $"ip -n {Manager.Namespace} addr add {ManagerAddress}/24 dev {link}m && ip -n {Manager.Namespace} link set {link}m up && " +
            $"ip -n {Worker.Namespace} addr add {WorkerAddress}/24 dev {link}w && ip -n {Worker.Namespace} link set {link}w up");
        return await Worker.StartAsync(InsecureRegistries);
    }

    protected override Task<string?> JoinNodesAsync()
    {
        var token = Docker("swarm", "join-token", "--quiet", "worker").EnsureSuccess("swarm join-token").StandardOutput.Trim();
        var joined = Worker.Docker("swarm", "join", "--token", token, "--advertise-addr", WorkerAddress, $"{ManagerAddress}:2377");
        return Task.FromResult(joined.Succeeded ? null : $"The worker could not join the swarm: {joined.StandardError.Trim()}");
    }

    protected override Task DisposeNodesAsync() => Worker.DisposeAsync().AsTask();
}
