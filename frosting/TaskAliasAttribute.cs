namespace PrivateCloud.Frosting;

/// <summary>
/// A former name of the task that still selects it as a target, with a one-line deprecation notice:
/// scripts written against the old name keep working while their authors move to the new one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TaskAliasAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
