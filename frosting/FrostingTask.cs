using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>What the host needs of a task, whatever its context type.</summary>
public interface IFrostingTask
{
    Task RunAsync(ICakeContext context);

    bool ShouldRun(ICakeContext context);

    /// <summary>Why the task has nothing to do in this run (it is then skipped); null when it runs.</summary>
    string? SkipReason(ICakeContext context);

    void OnError(Exception exception, ICakeContext context);

    void Finally(ICakeContext context);
}

/// <summary>A task that runs synchronously.</summary>
public abstract class FrostingTask<TContext> : IFrostingTask
    where TContext : ICakeContext
{
    public virtual void Run(TContext context)
    {
    }

    public virtual bool ShouldRun(TContext context) => true;

    /// <summary>Why the task has nothing to do in this run: it is then skipped, the summary says so and the log says why.</summary>
    public virtual string? SkipReason(TContext context) => null;

    public virtual void OnError(Exception exception, TContext context)
    {
    }

    public virtual void Finally(TContext context)
    {
    }

    Task IFrostingTask.RunAsync(ICakeContext context)
    {
        Run((TContext)context);
        return Task.CompletedTask;
    }

    bool IFrostingTask.ShouldRun(ICakeContext context) => ShouldRun((TContext)context);

    string? IFrostingTask.SkipReason(ICakeContext context) => SkipReason((TContext)context);

    void IFrostingTask.OnError(Exception exception, ICakeContext context) => OnError(exception, (TContext)context);

    void IFrostingTask.Finally(ICakeContext context) => Finally((TContext)context);
}

/// <summary>A task that runs asynchronously.</summary>
public abstract class AsyncFrostingTask<TContext> : IFrostingTask
    where TContext : ICakeContext
{
    public virtual Task RunAsync(TContext context) => Task.CompletedTask;

    public virtual bool ShouldRun(TContext context) => true;

    /// <summary>Why the task has nothing to do in this run: it is then skipped, the summary says so and the log says why.</summary>
    public virtual string? SkipReason(TContext context) => null;

    public virtual void OnError(Exception exception, TContext context)
    {
    }

    public virtual void Finally(TContext context)
    {
    }

    Task IFrostingTask.RunAsync(ICakeContext context) => RunAsync((TContext)context);

    bool IFrostingTask.ShouldRun(ICakeContext context) => ShouldRun((TContext)context);

    string? IFrostingTask.SkipReason(ICakeContext context) => SkipReason((TContext)context);

    void IFrostingTask.OnError(Exception exception, ICakeContext context) => OnError(exception, (TContext)context);

    void IFrostingTask.Finally(ICakeContext context) => Finally((TContext)context);
}
