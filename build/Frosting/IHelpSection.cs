using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>Text the program adds to <c>--help</c>, after the host's own options.</summary>
public interface IHelpSection
{
    void Write(IConsole console);
}
