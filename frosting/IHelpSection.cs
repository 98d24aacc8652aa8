using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>Text the program adds to <c>--help</c>, after the host's own options.</summary>
public interface IHelpSection
{
    /// <param name="tasks">With <c>--target</c>: the targets and every task they depend on; null without.</param>
    void Write(IConsole console, IReadOnlySet<string>? tasks);
}
