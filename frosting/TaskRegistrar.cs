using System.Reflection;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace PrivateCloud.Frosting;

/// <summary>Turns Frosting task classes into tasks of Cake's engine.</summary>
internal static class TaskRegistrar
{
    public static IEnumerable<Type> FindTasks(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(t));

    public static string NameOf(Type taskType) =>
        taskType.GetCustomAttribute<TaskNameAttribute>()?.Name ?? taskType.Name;

    /// <summary>The task's group in <c>--description</c>; tasks without one are listed last, as "other".</summary>
    public static string CategoryOf(Type taskType) =>
        taskType.GetCustomAttribute<TaskCategoryAttribute>()?.Name ?? "other";

    public static IEnumerable<string> AliasesOf(Type taskType) =>
        taskType.GetCustomAttributes<TaskAliasAttribute>().Select(alias => alias.Name);

    /// <param name="isTarget">
    /// A target named on the command line: Cake fails a run whose target its criteria skip, so a
    /// target with a skip reason runs, says the reason and does nothing.
    /// </param>
    public static void Register(ICakeEngine engine, Type taskType, IFrostingTask task, bool isTarget)
    {
        var builder = engine.RegisterTask(NameOf(taskType));

        var description = taskType.GetCustomAttribute<TaskDescriptionAttribute>()?.Description;
        if (description is not null)
        {
            builder.Description(description);
        }

        foreach (var dependency in taskType.GetCustomAttributes<IsDependentOnAttribute>())
        {
            builder.IsDependentOn(NameOf(dependency.Task));
        }

        foreach (var dependee in taskType.GetCustomAttributes<IsDependeeOfAttribute>())
        {
            builder.IsDependeeOf(NameOf(dependee.Task));
        }

        var name = NameOf(taskType);
        if (isTarget)
        {
            builder.WithCriteria(task.ShouldRun);
            builder.Does(context => HasNothingToDo(name, task, context) ? Task.CompletedTask : task.RunAsync(context));
        }
        else
        {
            builder.WithCriteria(context => task.ShouldRun(context) && !HasNothingToDo(name, task, context));
            builder.Does(task.RunAsync);
        }

        // As in Cake.Frosting: an error handler marks the error as handled, so register one only
        // when the task asks for it by overriding OnError.
        if (Overrides(taskType, nameof(IFrostingTask.OnError)))
        {
            builder.OnError((exception, context) => task.OnError(exception, context));
        }

        if (Overrides(taskType, nameof(IFrostingTask.Finally)))
        {
            builder.Finally(task.Finally);
        }
    }

    /// <summary>A task with a skip reason shows as Skipped in the summary, and its reason in the log.</summary>
    private static bool HasNothingToDo(string name, IFrostingTask task, ICakeContext context)
    {
        if (task.SkipReason(context) is not { } reason)
        {
            return false;
        }

        context.Log.Information("{0} skipped: {1}", name, reason);
        return true;
    }

    private static bool Overrides(Type taskType, string method) =>
        taskType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Any(m => m.Name == method && m.DeclaringType != m.GetBaseDefinition().DeclaringType);
}
