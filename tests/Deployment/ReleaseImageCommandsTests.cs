using PrivateCloud.Tasks.Stacks.Releases;

namespace PrivateCloud.Tests.Deployment;

/// <summary>The image records' remote commands as text: what they run as root, with which quoting.</summary>
public sealed class ReleaseImageCommandsTests
{
    private const string Images = "/srv/it's here/images";

    [Fact]
    public void Recording_reads_the_current_release_from_its_link_and_appends_only_changed_lines_to_its_record()
    {
        var command = ReleaseImageCommands.RecordCurrent("/srv/it's here/current", Images);

        Assert.Equal(
            "set -e; id=$(readlink -- '/srv/it'\\''s here/current' || true); id=${id##*/}; " +
            "case \"$id\" in ''|*[!0-9TZ]*) exit 0 ;; esac; " +
            "mkdir -p -- '/srv/it'\\''s here/images'; record='/srv/it'\\''s here/images'/\"$id\"; touch -- \"$record\"; " +
            "awk -v record=\"$record\" 'BEGIN { while ((getline line < record) > 0) { split(line, part, \" \"); noted[part[1]] = part[2] } } " +
            "noted[$1] != $2 { print; noted[$1] = $2 }' >> \"$record\"",
            command.Text);
        Assert.True(command.Privileged);
    }

    [Fact]
    public void Reading_marks_each_record_with_its_release_and_removing_quotes_each_path()
    {
        var read = ReleaseImageCommands.ReadRecords(Images);
        var remove = ReleaseImageCommands.Remove([Images + "/20250102T030404000Z", Images + "/20250102T030405000Z"]);

        Assert.Equal(
            "for f in '/srv/it'\\''s here/images'/*; do if [ -f \"$f\" ]; then echo \"#release ${f##*/}\"; cat -- \"$f\"; fi; done", read.Text);
        Assert.Equal(
            "rm -f -- '/srv/it'\\''s here/images/20250102T030404000Z' '/srv/it'\\''s here/images/20250102T030405000Z'", remove.Text);
        Assert.True(read.Privileged && remove.Privileged);
    }
}
