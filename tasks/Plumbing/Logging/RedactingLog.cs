using System.Globalization;
using Cake.Core.Diagnostics;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tasks.Plumbing.Logging;

/// <summary>
/// The log every part of the run writes through, Cake's own messages included (task errors and the
/// command lines its process runner executes): secrets are masked before the text reaches the console.
/// </summary>
public sealed class RedactingLog(ICakeLog inner, SecretRedactor redactor) : ICakeLog
{
    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        if (verbosity > Verbosity)
        {
            return;
        }

        var text = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        inner.Write(verbosity, level, "{0}", redactor.Redact(text));
    }
}
