using System.Reflection;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>Which tasks read a setting: those its area names in <see cref="Setting.ReadBy"/>, and those of other areas that declare it with <see cref="ReadsSettingsAttribute"/>.</summary>
public static class SettingReaders
{
    private static readonly Lazy<ILookup<Setting, string>> Declared = new(() => typeof(SettingReaders).Assembly.GetExportedTypes()
        .Where(type => type.IsDefined(typeof(TaskNameAttribute), inherit: false))
        .SelectMany(task => task.GetCustomAttributes<ReadsSettingsAttribute>()
            .SelectMany(reads => reads.Settings)
            .Select(setting => (Setting: setting, Task: task.GetCustomAttribute<TaskNameAttribute>()!.Name)))
        .ToLookup<(Setting Setting, string Task), Setting, string>(read => read.Setting, read => read.Task, ReferenceEqualityComparer.Instance));

    /// <summary>Null when every task reads it (where the stack is, how to reach the host).</summary>
    public static IReadOnlyList<string>? Of(Setting setting) =>
        setting.ReadBy is null ? null : [.. setting.ReadBy.Union(Declared.Value[setting].Order(StringComparer.Ordinal), StringComparer.Ordinal)];
}
