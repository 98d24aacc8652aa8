namespace PrivateCloud.Tasks.Plumbing.Secrets;

/// <summary>
/// Knows every secret value of the run and masks them in any text before it reaches a log,
/// an exception message, a diff or a command line shown to the user.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    /// <summary>Shorter values, words or numbers, would be masked all over the output.</summary>
    public const int MinimumLength = 6;

    private static readonly string[] Booleans = ["true", "false", "yes", "no", "on", "off"];

    private static readonly string[] SecretNameParts =
        ["PASSWORD", "PASSPHRASE", "SECRET", "KEY", "TOKEN", "CREDENTIALS"];

    private readonly object _gate = new();
    private string[] _secrets = [];

    /// <summary>
    /// Whether a variable or setting with this name holds a secret. A name ending in _DOMAIN is a
    /// service's public DNS name, whatever it contains (PASSWORDS_DOMAIN is Passbolt's address).
    /// </summary>
    public static bool IsSecretName(string name)
    {
        var normalized = name.Replace('-', '_');
        return !normalized.EndsWith("_DOMAIN", StringComparison.OrdinalIgnoreCase) && SecretNameParts.Any(part => normalized.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Why a value named like a secret cannot be masked (a boolean, a short value): masking it would
    /// hide <c>true</c> or <c>1</c> everywhere and refuse ordinary commands. Null: it can. A long
    /// number is masked like any other value: an all-digit PIN or token is a secret all the same.
    /// </summary>
    public static string? Unmaskable(string value) =>
        Booleans.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase) ? "a boolean"
        : value.Length < MinimumLength ? $"shorter than {MinimumLength} characters"
        : null;

    public IReadOnlyCollection<string> Secrets => _secrets;

    /// <summary>
    /// Masks <paramref name="secret"/> from now on. Output is read a line at a time, so each line of
    /// a multi-line secret (a PEM key) is masked on its own too, when it is long enough to be.
    /// </summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        var lines = secret.Contains('\n', StringComparison.Ordinal)
            ? secret.Split('\n').Select(line => line.Trim()).Where(line => Unmaskable(line) is null)
            : [];
        lock (_gate)
        {
            var added = new[] { secret }.Concat(lines).Where(s => !_secrets.Contains(s, StringComparer.Ordinal)).ToList();
            if (added.Count == 0)
            {
                return;
            }

            // Longest first, so a secret that contains another is masked whole.
            _secrets = [.. _secrets.Concat(added).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
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
