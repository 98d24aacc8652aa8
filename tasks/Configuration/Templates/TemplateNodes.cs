namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>A piece of a parsed template: text copied as is, or a parameter expansion.</summary>
internal abstract record TemplateNode;

internal sealed record LiteralNode(string Text) : TemplateNode;

/// <summary>
/// <c>$NAME</c>, <c>${NAME}</c> or <c>${NAME[:]op word}</c>. <see cref="Word"/> stays unevaluated
/// until the operator needs it, because the shell expands it lazily too.
/// </summary>
internal sealed record ParameterNode(
    string Name,
    ParameterOperator Operator,
    bool TestsEmpty,
    IReadOnlyList<TemplateNode> Word,
    int Line,
    int Column) : TemplateNode;

internal enum ParameterOperator
{
    /// <summary><c>$NAME</c> or <c>${NAME}</c>.</summary>
    Value,

    /// <summary><c>${NAME-word}</c> / <c>${NAME:-word}</c>.</summary>
    UseDefault,

    /// <summary><c>${NAME=word}</c> / <c>${NAME:=word}</c>.</summary>
    AssignDefault,

    /// <summary><c>${NAME?message}</c> / <c>${NAME:?message}</c>.</summary>
    ErrorIfUnset,

    /// <summary><c>${NAME+word}</c> / <c>${NAME:+word}</c>.</summary>
    UseAlternative,
}
