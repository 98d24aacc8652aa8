using Cake.Core.Diagnostics;

namespace PrivateCloud.Frosting;

/// <summary>The command line, split into what the host acts on and the arguments tasks read.</summary>
public sealed class HostOptions
{
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>The command line named the targets; <see cref="Targets"/> is otherwise the default one.</summary>
    public bool TargetGiven { get; init; }

    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    public bool DryRun { get; init; }

    public bool Tree { get; init; }

    public bool Description { get; init; }

    public bool Exclusive { get; init; }

    public bool Help { get; init; }

    public bool Version { get; init; }

    /// <summary>Every <c>--name=value</c> given, names lower-cased, host options included, as Cake exposes them.</summary>
    public required ILookup<string, string> Arguments { get; init; }
}
