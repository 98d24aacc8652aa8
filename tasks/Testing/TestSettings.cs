using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Testing;

public sealed record TestSettings(string? Filter)
{
    public static readonly Setting TestFilter =
        new("test-filter", "Runs only the tests matching this dotnet test --filter expression.")
    {
        ReadBy = [nameof(Test)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } = [TestFilter];

    public static TestSettings Read(SettingSources sources) => new(sources.Get(TestFilter));
}
