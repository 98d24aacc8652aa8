using System.Text;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>Cutting a command's output into lines as the chunks of an SSH channel arrive.</summary>
public sealed class OutputLineReaderTests
{
    private readonly List<string> _lines = [];

    [Fact]
    public void Line_split_across_chunks_is_handed_on_whole_once_its_newline_arrives()
    {
        var reader = new OutputLineReader(_lines.Add);

        reader.Append("token=abc"u8, flush: false);
        Assert.Empty(_lines);
        reader.Append("def\nnext"u8, flush: false);

        Assert.Equal(["token=abcdef"], _lines);
        Assert.Equal("token=abcdef\nnext", reader.Text);
    }

    [Fact]
    public void Last_line_without_newline_is_handed_on_at_the_end()
    {
        var reader = new OutputLineReader(_lines.Add);

        reader.Append("first\r\n\nlast"u8, flush: false);
        Assert.Equal(["first", ""], _lines);
        reader.Append([], flush: true);

        Assert.Equal(["first", "", "last"], _lines);
        Assert.Equal("first\r\n\nlast", reader.Text);
    }

    [Fact]
    public void Character_split_across_chunks_is_decoded_whole()
    {
        var reader = new OutputLineReader(_lines.Add);
        var bytes = Encoding.UTF8.GetBytes("café ✓\n");

        reader.Append(bytes.AsSpan(0, 4), flush: false);
        reader.Append(bytes.AsSpan(4, 4), flush: false);
        reader.Append(bytes.AsSpan(8), flush: true);

        Assert.Equal(["café ✓"], _lines);
        Assert.Equal("café ✓\n", reader.Text);
    }

    [Fact]
    public async Task Reading_a_stream_to_its_end_keeps_the_whole_text()
    {
        var reader = new OutputLineReader(_lines.Add);
        using var stream = new MemoryStream("one\ntwo"u8.ToArray());

        await reader.ReadToEndAsync(stream);

        Assert.Equal(["one", "two"], _lines);
        Assert.Equal("one\ntwo", reader.Text);
    }

    [Fact]
    public void Without_a_callback_the_text_is_still_kept()
    {
        var reader = new OutputLineReader(onLine: null);

        reader.Append("one\ntwo"u8, flush: true);

        Assert.Equal("one\ntwo", reader.Text);
    }
}
