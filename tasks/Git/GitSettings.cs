using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Git.Submodules;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Git;

public sealed record GitSettings(SubmoduleUpdateMode SubmoduleMode)
{
    public static readonly Setting Submodules = new(
        "submodules",
        "recorded: each submodule to the commit the repository records; remote: to the tip of its tracked branch.",
        "recorded")
    {
        ReadBy = [nameof(UpdateSubmodules)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [Submodules];

    public static GitSettings Read(SettingSources sources) =>
        sources.Get(Submodules)?.ToLowerInvariant() switch
        {
            "recorded" => new(SubmoduleUpdateMode.Recorded),
            "remote" => new(SubmoduleUpdateMode.Remote),
            _ => throw new BuildInputException($"{Submodules.Option} takes recorded or remote."),
        };
}
