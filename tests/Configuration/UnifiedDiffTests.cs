using System.Diagnostics;
using PrivateCloud.Tasks.Configuration.Templates;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Configuration;

public class UnifiedDiffTests
{
    private static string Lines(int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"line {i}\n"));

    [Fact]
    public void Equal_texts_have_no_diff() =>
        Assert.Equal(string.Empty, UnifiedDiff.Create("a\nb\n", "a\nb\n", "x.conf"));

    [Fact]
    public void New_file_is_diffed_against_dev_null() =>
        Assert.Equal("--- /dev/null\n+++ b/x.conf\n@@ -0,0 +1,2 @@\n+a\n+b\n", UnifiedDiff.Create(null, "a\nb\n", "x.conf"));

    [Fact]
    public void Shows_three_lines_of_context_around_a_change()
    {
        var old = Lines(1, 20);
        var changed = old.Replace("line 10\n", "line ten\n");

        Assert.Equal(
            "--- a/x.conf\n+++ b/x.conf\n@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n",
            UnifiedDiff.Create(old, changed, "x.conf"));
    }

    [Fact]
    public void Distant_changes_get_separate_hunks_and_close_ones_share_one()
    {
        var old = Lines(1, 30);
        var distant = old.Replace("line 2\n", "two\n").Replace("line 20\n", "twenty\n");
        var close = old.Replace("line 2\n", "two\n").Replace("line 9\n", "nine\n");

        Assert.Equal(
            "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n" +
            "@@ -17,7 +17,7 @@\n line 17\n line 18\n line 19\n-line 20\n+twenty\n line 21\n line 22\n line 23\n",
            UnifiedDiff.Create(old, distant, "x"));
        Assert.Single(UnifiedDiff.Create(old, close, "x").Split('\n'), l => l.StartsWith("@@", StringComparison.Ordinal));
    }

    [Fact]
    public void Marks_a_missing_final_newline()
    {
        Assert.Equal(
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
            UnifiedDiff.Create("a\nb", "a\nb\n", "x"));
    }

    [Theory]
    [InlineData("", "a\n")]
    [InlineData("a\nb\nc\n", "")]
    [InlineData("a\nb\nc\nd\ne\nf\ng\nh\n", "b\nc\nX\nd\ne\nh\ni\nj\n")]
    [InlineData("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n", "0\n1\n2\n3\n5\n6\n7\n8\n9\n10\n11\n12\nx\n14\n15")]
    [InlineData("same\nsame\nsame\n", "same\nother\nsame\nsame\nsame\n")]
    public void The_real_patch_tool_turns_the_old_text_into_the_new_one(string oldText, string newText)
    {
        Requires.That(Requires.Executable("patch"), "the patch tool is needed to check the diff format");
        var dir = Directory.CreateTempSubdirectory("diff-").FullName;
        try
        {
            var file = Path.Combine(dir, "x.conf");
            File.WriteAllText(file, oldText);
            File.WriteAllText(Path.Combine(dir, "change.diff"), UnifiedDiff.Create(oldText, newText, "x.conf"));

            var start = new ProcessStartInfo("patch") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-p1", "--batch", "--posix", "-i", "change.diff" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();

            Assert.True(process.ExitCode == 0, output);
            Assert.Equal(newText, File.ReadAllText(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
