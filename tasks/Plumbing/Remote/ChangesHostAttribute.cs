using System.Reflection;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>The task writes to the host (files, packages, containers, images, volumes): its run holds the deploy lock.</summary>
public sealed class ChangesHostAttribute : HostUseAttribute
{
    /// <summary>The names of the tasks that declare it: those that read the lock's settings.</summary>
    public static IReadOnlyList<string> TaskNames { get; } = typeof(ChangesHostAttribute).Assembly.GetExportedTypes()
        .Where(type => type.IsDefined(typeof(ChangesHostAttribute), inherit: false))
        .Select(type => type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name)
        .Order(StringComparer.Ordinal)
        .ToList();
}
