namespace PrivateCloud.Tasks.Stacks;

/// <summary>What runs the deployed stack (--orchestrator).</summary>
public enum Orchestrator
{
    /// <summary>docker compose on one host.</summary>
    Compose,

    /// <summary>A Docker Swarm stack, deployed from a manager with <c>docker stack deploy</c>.</summary>
    Swarm,
}
