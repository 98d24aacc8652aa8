using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// The real gpg (Debian's gnupg) in a home directory of the test's own: batch mode, the passphrase on
/// its stdin (--passphrase-fd 0, never on its command line), no passphrase cache, and its agent
/// stopped when the test ends.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class GnupgHome : IDisposable
{
    private readonly TemporaryDirectory _home = new();

    public GnupgHome()
    {
        Requires.That(Requires.Executable("gpg"), "gpg is needed (apt-get install gnupg)");
        File.SetUnixFileMode(_home.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public (int ExitCode, byte[] Output, string Error) Run(string passphrase, params string[] args) => Start(
        "gpg",
        ["--homedir", _home.Path, "--batch", "--no-symkey-cache", "--pinentry-mode", "loopback", "--passphrase-fd", "0", .. args],
        Encoding.UTF8.GetBytes(passphrase + "\n"));

    /// <summary>Runs <paramref name="program"/> with <paramref name="stdin"/> as its whole input.</summary>
    public static (int ExitCode, byte[] Output, string Error) Start(string program, IEnumerable<string> args, byte[] stdin)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        reading.Wait();
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), error.Result);
    }

    public void Dispose()
    {
        Start("gpgconf", ["--homedir", _home.Path, "--kill", "gpg-agent"], []);
        _home.Dispose();
    }
}
