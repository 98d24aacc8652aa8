using System.Reflection;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Documentation.Readme;

/// <summary>Every task of an assembly, read from the attributes the engine registers it by.</summary>
public static class TaskCatalog
{
    public static IReadOnlyList<TaskEntry> Read(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(type => type.GetCustomAttribute<TaskNameAttribute>() is not null)
            .Select(Entry)
            .OrderBy(entry => Order(entry.Area))
            .ThenBy(entry => entry.Area, StringComparer.Ordinal)
            .ThenBy(entry => entry.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Categories in the order --description shows them; any other after them.</summary>
    private static int Order(string category) =>
        Array.IndexOf(TaskCategories.All, category) is var index and >= 0 ? index : TaskCategories.All.Length;

    private static TaskEntry Entry(Type type)
    {
        var name = NameOf(type);
        return new TaskEntry(
            Area(type),
            name,
            type.GetCustomAttributes<TaskAliasAttribute>().Select(alias => alias.Name).ToList(),
            type.GetCustomAttribute<TaskDescriptionAttribute>()?.Description ?? string.Empty,
            type.GetCustomAttributes<IsDependentOnAttribute>().Select(dependency => NameOf(dependency.Task)).ToList(),
            SettingCatalog.All.Where(setting => SettingReaders.Of(setting)?.Contains(name) == true).Select(setting => setting.Option).ToList());
    }

    private static string NameOf(Type type) => type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name;

    /// <summary>The group --description lists it under; without one, the folder under tasks/ it sits in.</summary>
    private static string Area(Type type) =>
        type.GetCustomAttribute<TaskCategoryAttribute>()?.Name ?? type.Namespace?.Split('.').LastOrDefault() ?? string.Empty;
}
