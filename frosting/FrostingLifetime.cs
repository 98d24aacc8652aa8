using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>What the host needs of a lifetime, whatever its context type.</summary>
public interface IFrostingLifetime
{
    void Setup(ICakeContext context, ISetupContext info);

    void TaskSetup(ICakeContext context, ITaskSetupContext info);

    void Teardown(ICakeContext context, ITeardownContext info);
}

/// <summary>Code that runs once before the first task, before each task, and once after the last.</summary>
public abstract class FrostingLifetime<TContext> : IFrostingLifetime
    where TContext : ICakeContext
{
    public abstract void Setup(TContext context, ISetupContext info);

    /// <summary>Runs before each task, a skipped one too (after its criteria said so); an exception fails that task.</summary>
    public virtual void TaskSetup(TContext context, ITaskSetupContext info)
    {
    }

    public abstract void Teardown(TContext context, ITeardownContext info);

    void IFrostingLifetime.Setup(ICakeContext context, ISetupContext info) => Setup((TContext)context, info);

    void IFrostingLifetime.TaskSetup(ICakeContext context, ITaskSetupContext info) => TaskSetup((TContext)context, info);

    void IFrostingLifetime.Teardown(ICakeContext context, ITeardownContext info) => Teardown((TContext)context, info);
}
