namespace PrivateCloud.Frosting;

/// <summary>The group <c>--description</c> lists the task under, e.g. <c>deploy</c> or <c>host</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TaskCategoryAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
