using System.Reflection;
using Cake.Core;

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

    public static IEnumerable<string> AliasesOf(Type taskType) =>
        taskType.GetCustomAttributes<TaskAliasAttribute>().Select(alias => alias.Name);

    public static void Register(ICakeEngine engine, Type taskType, IFrostingTask task)
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

        builder.WithCriteria(task.ShouldRun);
        builder.Does(task.RunAsync);

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

    private static bool Overrides(Type taskType, string method) =>
        taskType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Any(m => m.Name == method && m.DeclaringType != m.GetBaseDefinition().DeclaringType);
}
