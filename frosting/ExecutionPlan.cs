using System.Reflection;
using System.Runtime.Versioning;
using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>
/// The task classes a run executes, known before the first one starts: every target with its
/// dependencies in the order they run, or only the targets with <c>--exclusive</c>. Cake's own
/// <see cref="ISetupContext.TasksToExecute"/> lists the dependencies even then, and names tasks
/// rather than classes, so a lifetime could not read what a task declares of itself.
/// </summary>
public sealed class ExecutionPlan(IReadOnlyList<Type> targets, IReadOnlyList<Type> tasks)
{
    /// <summary>The plan before setup has run: nothing targeted, nothing to execute.</summary>
    public static readonly ExecutionPlan None = new([], []);

    /// <summary>The targets named on the command line (or the default one), in that order.</summary>
    public IReadOnlyList<Type> Targets { get; } = targets;

    /// <summary>The run's name: its targets joined by '+', as the task list standing for several targets is named (<see cref="TargetList"/>).</summary>
    public string Name => TargetList.Name(Targets.Select(TaskRegistrar.NameOf).ToList());

    /// <summary>Every task that will run (criteria and skip reasons still decide whether its body does), in order.</summary>
    public IReadOnlyList<Type> Tasks { get; } = tasks;

    /// <summary>The class of a task of this plan, by the name Cake knows it by.</summary>
    public Type TaskNamed(string name) =>
        Tasks.FirstOrDefault(task => string.Equals(TaskRegistrar.NameOf(task), name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"The task {name} is not part of this run's plan.");

    /// <summary>
    /// The first task of this plan whose class says it does not run on the platform <paramref name="isCurrent"/>
    /// accepts (<c>[UnsupportedOSPlatform]</c>, which the platform analyzer makes every caller of a
    /// platform-bound API carry), so a run stops before its first task rather than in the middle.
    /// </summary>
    public Type? FirstUnsupported(Func<string, bool> isCurrent) =>
        Tasks.FirstOrDefault(task => task.GetCustomAttributes<UnsupportedOSPlatformAttribute>(inherit: false).Any(platform => isCurrent(platform.PlatformName)));

    internal static ExecutionPlan For(ISetupContext info, IReadOnlyList<string> targets, bool exclusive, IReadOnlyDictionary<string, Type> tasksByName)
    {
        var targetTypes = targets.Select(target => tasksByName[target]).ToList();
        // The task standing for several targets (TargetList) is the host's, not a task class.
        var running = (exclusive
            ? info.TasksToExecute.Where(task => targets.Contains(task.Name, StringComparer.OrdinalIgnoreCase))
            : info.TasksToExecute).Where(task => tasksByName.ContainsKey(task.Name));
        return new ExecutionPlan(targetTypes, running.Select(task => tasksByName[task.Name]).ToList());
    }
}
