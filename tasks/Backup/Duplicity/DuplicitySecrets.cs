using System.Text;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// The values duplicity reads from its environment: the GPG passphrase and the S3 keys. They reach
/// the host only on stdin or in a root-only file, as shell assignments, never on a command line.
/// </summary>
public sealed record DuplicitySecrets(string? Passphrase, string? S3AccessKey, string? S3SecretKey)
{
    public static DuplicitySecrets None { get; } = new(null, null, null);

    /// <summary><c>export NAME='value'</c> lines, for <c>eval</c> from stdin or for a file the cron line sources.</summary>
    public string ToShellAssignments()
    {
        // Never empty: SSH.NET does not always close an empty stdin, and the reading shell would wait for ever.
        var text = new StringBuilder("# duplicity's environment\n");
        Append(text, "PASSPHRASE", Passphrase);
        // The boto and boto3 backends both read the standard AWS variables.
        Append(text, "AWS_ACCESS_KEY_ID", S3AccessKey);
        Append(text, "AWS_SECRET_ACCESS_KEY", S3SecretKey);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            text.Append("export ").Append(name).Append('=').Append(ShellQuote.Quote(value)).Append('\n');
        }
    }
}
