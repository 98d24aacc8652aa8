using System.Diagnostics;

namespace PrivateCloud.Tests.Mail;

/// <summary>Runs the real openssl CLI, the tool the old script made the DKIM key with.</summary>
internal static class OpenSsl
{
    public static byte[] Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {errors.Result}");
        return output.ToArray();
    }
}
