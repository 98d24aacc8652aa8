using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tests.Frosting;

public class CommandLineParserTests
{
    [Fact]
    public void Without_a_target_the_default_runs()
    {
        var options = CommandLine.Parse([], "Plan");

        Assert.Equal(["Plan"], options.Targets);
        Assert.Equal(Verbosity.Normal, options.Verbosity);
        Assert.False(options.DryRun);
    }

    [Fact]
    public void Targets_come_repeated_or_comma_separated()
    {
        var options = CommandLine.Parse(["--target=Up", "-t", "Status,Logs", "--target", "Plan"], "Plan");

        Assert.Equal(["Up", "Status", "Logs", "Plan"], options.Targets);
    }

    [Theory]
    [InlineData("--dryrun")]
    [InlineData("--dry-run")]
    [InlineData("--whatif")]
    [InlineData("--DRYRUN=true")]
    public void Dry_run_has_cakes_spellings(string argument) =>
        Assert.True(CommandLine.Parse([argument], "Plan").DryRun);

    [Fact]
    public void A_flag_does_not_swallow_the_next_argument()
    {
        var options = CommandLine.Parse(["--dryrun", "--host", "example.org", "--exclusive"], "Plan");

        Assert.True(options.DryRun);
        Assert.True(options.Exclusive);
        Assert.Equal(["example.org"], options.Arguments["host"]);
    }

    [Fact]
    public void Names_are_case_insensitive_and_values_keep_their_case_and_equals_signs()
    {
        var options = CommandLine.Parse(["--Host-Key=SHA256:abc=", "-v=Diagnostic"], "Plan");

        Assert.Equal(["SHA256:abc="], options.Arguments["host-key"]);
        Assert.Equal(Verbosity.Diagnostic, options.Verbosity);
    }

    [Theory]
    [InlineData("Deploy", "Unexpected argument 'Deploy': arguments are written --name=value.")]
    [InlineData("--verbosity=chatty", "--verbosity takes quiet, minimal, normal, verbose or diagnostic, not 'chatty'.")]
    [InlineData("--tree=maybe", "--tree takes true or false, not 'maybe'.")]
    public void Malformed_arguments_say_what_is_wrong(string argument, string message)
    {
        var error = Assert.Throws<BuildInputException>(() => CommandLine.Parse([argument], "Plan"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Closest_names_ignore_case_and_rank_by_distance()
    {
        var closest = NameSuggestions.Closest("deplyo", ["Deploy", "Down", "Plan", "DkimKey"]);

        Assert.Equal("Deploy", closest[0]);
        Assert.DoesNotContain("Plan", closest);
    }
}
