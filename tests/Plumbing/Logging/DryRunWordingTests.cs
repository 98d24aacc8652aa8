using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Reporting;

namespace PrivateCloud.Tests.Plumbing.Logging;

public sealed partial class DryRunWordingTests
{
    [Theory]
    [InlineData(true, "would create")]
    [InlineData(false, "created")]
    public void A_dry_run_says_what_it_would_do_and_a_real_run_what_it_did(bool dryRun, string expected) =>
        Assert.Equal(expected, DryRunWording.Verb(dryRun, "create", "created"));

    [Fact]
    public void A_verb_of_several_words_keeps_them_all() =>
        Assert.Equal("would fix the permissions of", DryRunWording.Verb(dryRun: true, "fix the permissions of", "fixed the permissions of"));

    [Theory]
    [InlineData(true, "would add to /etc/fstab: UUID=x /mnt/files ext4 defaults,nofail 0 2")]
    [InlineData(false, "added to /etc/fstab: UUID=x /mnt/files ext4 defaults,nofail 0 2")]
    public void A_host_change_is_worded_by_it(bool dryRun, string expected) =>
        Assert.Equal(expected, new HostChange("add", "added", "to /etc/fstab: UUID=x /mnt/files ext4 defaults,nofail 0 2").Describe(dryRun));

    [Theory]
    [InlineData(true, "Would stop the 2 running container(s).")]
    [InlineData(false, "Stopping the 2 running container(s).")]
    public void A_sentence_is_picked_whole_for_the_kind_of_run(bool dryRun, string expected) =>
        Assert.Equal(expected, DryRunWording.Pick(dryRun, "Would stop", "Stopping") + " the 2 running container(s).");

    [Fact]
    public void No_message_outside_it_chooses_its_wording_by_the_dry_run()
    {
        var tasks = Path.Combine(SourceRoot.Find(), "tasks");
        var choices = Directory.EnumerateFiles(tasks, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(tasks, path).Replace('\\', '/'))
            .Where(file => !file.StartsWith("bin/", StringComparison.Ordinal) && !file.StartsWith("obj/", StringComparison.Ordinal) && file != "Plumbing/Logging/DryRunWording.cs")
            .SelectMany(file => WordingChoice().Matches(File.ReadAllText(Path.Combine(tasks, file))).Select(choice => $"{file}: {choice.Value}: use DryRunWording"));

        Assert.Empty(choices);
    }

    [Theory]
    [InlineData("log(context.DryRun ? \"Would stop\" : \"Stopping\");")]
    [InlineData("log(dryRun\n    ? $\"would load {x}.\"\n    : $\"Loaded {x}.\");")]
    [InlineData("say($\"{(duplicity.Shell.DryRun ? \"Would \\\"restore\\\"\" : \"Restoring\")} it\");")]
    public void A_wording_choice_is_found_on_one_line_or_several(string source) =>
        Assert.Matches(WordingChoice(), source);

    [Fact]
    public void A_value_only_a_dry_run_has_is_not_a_wording_choice() =>
        Assert.DoesNotMatch(WordingChoice(), "digest ?? (options.DryRun\n    ? $\"{target} (by the digest the push returns)\"\n    : throw new InvalidOperationException(\"no digest\"));");

    /// <summary>A dry-run flag choosing between two string literals, <c>dryRun ? "would …" : "…"</c>, on one line or over several.</summary>
    [GeneratedRegex(@"[Dd]ryRun\)?\s*\?\s*\$?""(?:[^""\\]|\\.)*""\s*:\s*\$?""")]
    private static partial Regex WordingChoice();
}
