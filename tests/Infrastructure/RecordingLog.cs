using System.Globalization;
using Cake.Core.Diagnostics;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>A Cake log that keeps every entry, formatted, for assertions.</summary>
public sealed class RecordingLog : ICakeLog
{
    public List<(Verbosity, LogLevel, string)> Entries { get; } = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (Entries)
            {
                return Entries.Where(e => e.Item2 == LogLevel.Warning).Select(e => e.Item3).ToList();
            }
        }
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        lock (Entries)
        {
            Entries.Add((verbosity, level, args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args)));
        }
    }
}
