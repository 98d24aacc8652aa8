namespace PrivateCloud.Tasks.Plumbing.Health;

/// <summary>What one check found: its state, the one line that matters, and the findings behind it.</summary>
public sealed record CheckResult(string Name, CheckState State, string Line)
{
    public IReadOnlyList<CheckResult> Details { get; init; } = [];

    /// <summary>A result summing up <paramref name="details"/>: their worst state, and the worst ones' lines.</summary>
    public static CheckResult Summary(string name, IReadOnlyList<CheckResult> details, string whenEmpty)
    {
        if (details.Count == 0)
        {
            return new CheckResult(name, CheckState.NotConfigured, whenEmpty);
        }

        var worst = details.Max(d => d.State);
        var worstOnes = details.Where(d => d.State == worst).ToList();
        var first = $"{worstOnes[0].Name}: {worstOnes[0].Line}";
        var line = worst == CheckState.Ok ? $"all {details.Count} ok"
            : worstOnes.Count == 1 ? first
            : $"{worstOnes.Count} of {details.Count} {HealthReport.Word(worst)}, first {first}";
        return new CheckResult(name, worst, line) { Details = details };
    }
}
