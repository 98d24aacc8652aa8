using System.Reflection;
using System.Reflection.Emit;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks;
using PrivateCloud.Tasks.Deployment;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>
/// No task's code uses another task class: what two tasks share lives in a service, so a task runs
/// alone and changing one never changes another. Read from the compiled IL, lambdas and state machines included.
/// </summary>
public sealed class TaskIndependenceTests
{
    private static readonly HashSet<Type> TaskClasses = typeof(BuildContext).Assembly.GetExportedTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(type))
        .ToHashSet();

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    [Fact]
    public void No_task_uses_another_task_class()
    {
        var uses = TaskClasses
            .SelectMany(task => TaskTypesUsedBy(task).Where(used => used != task).Select(used => $"{task.Name} uses {used.Name}"))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Empty(uses);
    }

    [Fact]
    public void The_check_sees_a_task_calling_another_tasks_static_method()
    {
        Assert.Equal([typeof(Up)], TaskTypesUsedBy(typeof(CallsAnotherTask)));
    }

    /// <summary>Stands for the defect the check is there to find.</summary>
    private static class CallsAnotherTask
    {
        public static string Describe() => new Up().ToString() ?? string.Empty;
    }

    private static IEnumerable<Type> TaskTypesUsedBy(Type type) =>
        WithNested(type)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Cast<MethodBase>()
                .Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
            .SelectMany(TypesReferencedBy)
            .Where(TaskClasses.Contains)
            .Distinct();

    private static IEnumerable<Type> WithNested(Type type) =>
        [type, .. type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested)];

    /// <summary>The declaring types of the members, and the types, that the method's IL names.</summary>
    private static IEnumerable<Type> TypesReferencedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var genericTypeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var genericMethodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            var code = OpCodesByValue[value];
            position += code.Size;
            var operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, position), genericTypeArguments, genericMethodArguments);
                if ((member as Type ?? member?.DeclaringType) is { } referenced)
                {
                    yield return referenced;
                }
            }

            position += operand;
        }
    }
}
