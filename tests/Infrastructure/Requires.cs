namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// Guards tests that need a real service (sshd, dockerd, a DNS server, duplicity): outside CI a
/// missing service skips the test with the reason; with CI=true it fails it, so CI never skips.
/// </summary>
public static class Requires
{
    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void That(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail($"{reason} (CI=true: the service must be there; .ci/run installs and starts it)");
        }

        Assert.Skip(reason);
    }

    /// <summary>Whether an executable is on PATH (or is an existing path).</summary>
    public static bool Executable(string name) =>
        File.Exists(name) || (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}
