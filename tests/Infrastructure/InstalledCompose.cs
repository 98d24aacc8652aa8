using System.Collections.Concurrent;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// The compose implementations on this machine, asked once per test run. CI installs both
/// (docker-compose 1.29 from bookworm, the v2 plugin from trixie's package, see
/// scripts/install-compose-v2.sh), so the deploy tests run under each.
/// </summary>
public static class InstalledCompose
{
    private static readonly ConcurrentDictionary<string, Lazy<ComposeTool?>> Found = new();

    /// <summary>The compose of this flavour (null: what auto picks, v2 else v1); skips the test, or fails it in CI, when it is not installed.</summary>
    public static ComposeTool Require(ComposeFlavor? flavor = null)
    {
        var tool = Found.GetOrAdd(flavor?.ToString() ?? "auto", _ => new Lazy<ComposeTool?>(() => Detect(flavor))).Value;
        Requires.That(tool is not null, ComposeTool.Missing(flavor, "this machine"));
        return tool!;
    }

    /// <summary>
    /// The compose of this flavour as a Deploy finds it on a host, by its place rather than its
    /// version (<see cref="ComposeTool.LookupScript"/>): the test host is this machine.
    /// </summary>
    public static ComposeTool Located(ComposeFlavor flavor)
    {
        Require(flavor);
        return ComposeTool.Choose(Lookup(), flavor)!;
    }

    /// <summary>What <see cref="ComposeTool.LookupScript"/> finds on this machine.</summary>
    public static IReadOnlyList<ComposeTool> Lookup() =>
        ComposeTool.ParseLookup(CakeProcesses.CreateCommandRunner().Run(new CommandRequest("sh", ["-c", ComposeTool.LookupScript]) { Quiet = true }).StandardOutput);

    private static ComposeTool? Detect(ComposeFlavor? flavor)
    {
        try
        {
            return ComposeTool.Detect(CakeProcesses.CreateCommandRunner(), flavor);
        }
        catch (CommandFailedException)
        {
            return null;
        }
    }
}

/// <summary>Runs a theory once under docker-compose v1 and once under the v2 plugin: <c>[Theory, ClassData(typeof(EachComposeFlavor))]</c>.</summary>
public sealed class EachComposeFlavor : TheoryData<ComposeFlavor>
{
    public EachComposeFlavor()
    {
        Add(ComposeFlavor.StandaloneV1);
        Add(ComposeFlavor.PluginV2);
    }
}
