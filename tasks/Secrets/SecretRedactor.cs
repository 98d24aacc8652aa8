namespace PrivateCloud.Tasks.Secrets;

/// <summary>
/// Knows every secret value of the run and masks them in any text before it reaches a log,
/// an exception message, a diff or a command line shown to the user.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    private static readonly string[] SecretNameParts =
        ["PASSWORD", "PASSPHRASE", "SECRET", "KEY", "TOKEN", "CREDENTIALS"];

    private readonly object _gate = new();
    private string[] _secrets = [];

    /// <summary>Whether a variable or setting with this name holds a secret.</summary>
    public static bool IsSecretName(string name)
    {
        var normalized = name.Replace('-', '_');
        return SecretNameParts.Any(part => normalized.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyCollection<string> Secrets => _secrets;

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        lock (_gate)
        {
            if (_secrets.Contains(secret, StringComparer.Ordinal))
            {
                return;
            }

            // Longest first, so a secret that contains another is masked whole.
            _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
        }
    }

    public bool ContainsSecret(string? text) =>
        !string.IsNullOrEmpty(text) && _secrets.Any(s => text.Contains(s, StringComparison.Ordinal));

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
