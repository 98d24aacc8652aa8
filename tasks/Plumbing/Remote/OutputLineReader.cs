using System.Text;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// Reads one output stream of a running command: keeps its whole text for the result and hands on
/// each line as soon as its newline arrives. Lines are cut only at newlines, never at chunk
/// boundaries, so a secret the command wrote in two pieces still reaches the callback whole and
/// can be redacted; a UTF-8 character split across chunks is decoded whole for the same reason.
/// </summary>
internal sealed class OutputLineReader(Action<string>? onLine)
{
    private const int ChunkSize = 8192;

    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _line = new();

    /// <summary>Everything read so far, exactly as the command wrote it.</summary>
    public string Text => _text.ToString();

    /// <summary>
    /// Reads the stream until it ends on a thread of its own: SSH.NET's pipe streams block in
    /// <see cref="Stream.Read(byte[], int, int)"/>, which would hold a pool thread for the whole command.
    /// </summary>
    public Task ReadToEndAsync(Stream stream) => Task.Factory.StartNew(
        () =>
        {
            var buffer = new byte[ChunkSize];
            int count;
            while ((count = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                Append(buffer.AsSpan(0, count), flush: false);
            }

            Append([], flush: true);
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    /// <summary>Takes the next chunk; <paramref name="flush"/> marks the end, which also ends a last line that has no newline.</summary>
    public void Append(ReadOnlySpan<byte> chunk, bool flush)
    {
        var chars = new char[_decoder.GetCharCount(chunk, flush)];
        _decoder.GetChars(chunk, chars, flush);
        _text.Append(chars);
        if (onLine is null)
        {
            return;
        }

        foreach (var character in chars)
        {
            if (character == '\n')
            {
                EmitLine();
            }
            else
            {
                _line.Append(character);
            }
        }

        if (flush && _line.Length > 0)
        {
            EmitLine();
        }
    }

    private void EmitLine()
    {
        var length = _line.Length > 0 && _line[^1] == '\r' ? _line.Length - 1 : _line.Length;
        onLine!(_line.ToString(0, length));
        _line.Clear();
    }
}
