using System.Diagnostics;

namespace PrivateCloud.Tests.Configuration;

/// <summary>
/// Renders a file the way the old bash script did: an eval'd here-document around
/// <c>$(cat file)</c>, run by the real /bin/sh. The variables go in the process ENVIRONMENT
/// (as the old script saw them after sourcing .env with set -a), never on the command line.
/// </summary>
internal static class OldScriptRenderer
{
    // Real newlines around the body, exactly what the old script's eval string contained.
    private const string Script = "eval \"cat <<__EOF__\n$(cat \"$1\")\n__EOF__\"";

    public static byte[] Render(string file, IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add("old-render");
        start.ArgumentList.Add(file);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"/bin/sh failed on {file}: {stderr.Result}");
        Assert.Equal(string.Empty, stderr.Result);
        return output.ToArray();
    }
}
