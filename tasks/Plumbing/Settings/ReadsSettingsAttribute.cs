using System.Collections;
using System.Reflection;

namespace PrivateCloud.Tasks.Plumbing.Settings;

/// <summary>
/// Settings of another area that the task reads, declared on the task, so that an area's settings name
/// in <see cref="Setting.ReadBy"/> only its own tasks, never one of another area or of the targets above
/// them. <see cref="SettingReaders"/> joins both sides for --help and the README.
/// </summary>
/// <param name="declaredIn">The settings record or class that defines them.</param>
/// <param name="members">Each a public static field or property of it, named with nameof: a <see cref="Setting"/>, or a list of them.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ReadsSettingsAttribute(Type declaredIn, params string[] members) : Attribute
{
    public IReadOnlyList<Setting> Settings => members.SelectMany(member => Value(member) switch
    {
        Setting setting => [setting],
        IEnumerable list and not string => list.OfType<Setting>(),
        _ => throw new InvalidOperationException($"{declaredIn.Name}.{member} is not a public static Setting nor a list of them: name one with nameof."),
    }).ToList();

    private object? Value(string member) =>
        declaredIn.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? declaredIn.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
}
