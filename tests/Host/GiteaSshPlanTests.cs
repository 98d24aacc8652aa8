using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.GiteaSsh;

namespace PrivateCloud.Tests.Host;

/// <summary>The plan against recorded probe outcomes: no account is ever created on this machine.</summary>
public sealed class GiteaSshPlanTests
{
    private const string Group = "git:x:2022:\n";
    private const string User = "git:x:2022:2022::/home/git:/bin/bash\n";

    private static readonly GiteaHostState Done = new(Group, User, KeyPairExists: true, KeyAuthorized: true, GiteaSshPlan.ShimText);

    [Fact]
    public void A_bare_host_needs_every_step_in_order() =>
        Assert.Equal(
            [GiteaSshStep.CreateGroup, GiteaSshStep.CreateUser, GiteaSshStep.CreateKeyPair, GiteaSshStep.AuthorizeKey, GiteaSshStep.WriteShim],
            GiteaSshPlan.Steps(GiteaHostState.Nothing));

    [Fact]
    public void A_host_that_has_everything_needs_nothing() => Assert.Empty(GiteaSshPlan.Steps(Done));

    [Fact]
    public void An_existing_account_only_gets_its_missing_key_authorized() =>
        Assert.Equal([GiteaSshStep.AuthorizeKey], GiteaSshPlan.Steps(Done with { KeyAuthorized = false }));

    [Fact]
    public void A_new_key_pair_is_always_authorized_even_if_an_old_line_matched() =>
        Assert.Equal([GiteaSshStep.CreateKeyPair, GiteaSshStep.AuthorizeKey], GiteaSshPlan.Steps(Done with { KeyPairExists = false }));

    [Fact]
    public void A_shim_edited_by_hand_is_rewritten() =>
        Assert.Equal([GiteaSshStep.WriteShim], GiteaSshPlan.Steps(Done with { Shim = GiteaSshPlan.ShimText + "echo extra\n" }));

    [Fact]
    public void A_group_made_before_the_user_only_needs_the_user() =>
        Assert.Equal(
            [GiteaSshStep.CreateUser, GiteaSshStep.CreateKeyPair, GiteaSshStep.AuthorizeKey, GiteaSshStep.WriteShim],
            GiteaSshPlan.Steps(GiteaHostState.Nothing with { GroupEntry = Group }));

    [Fact]
    public void An_existing_git_user_with_another_uid_is_left_alone_with_a_clear_error()
    {
        var error = Assert.Throws<BuildInputException>(() =>
            GiteaSshPlan.Steps(Done with { UserEntry = "git:x:998:2022:git:/var/lib/git:/usr/bin/git-shell\n" }));

        Assert.Equal(
            "On the host, user 'git' has uid '998' but Gitea's container runs as 2022 ('git:x:998:2022:git:/var/lib/git:/usr/bin/git-shell'): " +
            "change the existing account to 2022 (usermod/groupmod, then chown its files) or remove it, or set --git-uid, and run again.",
            error.Message);
    }

    [Fact]
    public void An_existing_git_group_with_another_gid_is_an_error_naming_it()
    {
        var error = Assert.Throws<BuildInputException>(() => GiteaSshPlan.Steps(Done with { GroupEntry = "git:x:1001:\n" }));

        Assert.StartsWith("On the host, group 'git' has gid '1001' but Gitea's container runs as 2022", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_git_user_in_another_primary_group_is_an_error() =>
        Assert.Throws<BuildInputException>(() => GiteaSshPlan.Steps(Done with { UserEntry = "git:x:2022:100::/home/git:/bin/bash" }));
}
