using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.FileSystem;

namespace PrivateCloud.Tests.Architecture;

/// <summary>
/// The layers of tasks/: a feature area (tasks/&lt;Area&gt;/) names only the plumbing (tasks/Plumbing/),
/// the shared stack model (tasks/Stacks/), the root namespace (BuildContext, TaskServices, the
/// lifetime) and its own namespaces; the stack model names only the plumbing and the root. Above the
/// areas, the targets (tasks/Targets/) run the steps of several areas in order and may name any area;
/// no area names them. Read from the source, so a using line, a using static, an alias or a fully
/// qualified name counts, and so does a name qualified from the root namespace (Host.PrepareHost).
/// </summary>
public sealed partial class AreaImportsTests
{
    private const string Root = "PrivateCloud.Tasks";

    /// <summary>The layers under the areas: any part of tasks/ may name them.</summary>
    private static readonly string[] SharedLayers = ["Plumbing", "Stacks"];

    /// <summary>The layer above the areas: it may name every area, and no area may name it.</summary>
    private const string TopLayer = "Targets";

    /// <summary>
    /// Imports across areas that remain, each with why. A check or a run made of several areas belongs
    /// in the targets, a fact several areas share in the stack model, and a setting another area's task
    /// reads is declared by that task ([ReadsSettings]), so this list should stay short.
    /// Key: the file under tasks/ and the namespace it names.
    /// </summary>
    private static readonly Dictionary<(string File, string Namespace), string> KnownExceptions = new()
    {
        [("Configuration/RenderConfiguration.cs", "PrivateCloud.Tasks.Mail")] = "RenderConfiguration depends on CreateDkimKey: rendering a fresh stack alone (--target=RenderConfiguration) makes the mail key its smtpd.conf signs with",
    };

    [Fact]
    public void No_area_names_another_area_except_the_known_exceptions()
    {
        var found = Violations(TasksDirectory()).ToList();

        var unexpected = found.Where(violation => !KnownExceptions.ContainsKey((violation.File, violation.Namespace)))
            .Select(violation => $"{violation.File} ({violation.Area}) imports {violation.Namespace}: areas import only {Root}.Plumbing, {Root}.Stacks and {Root}");
        Assert.True(!unexpected.Any(), string.Join(Environment.NewLine, unexpected));
    }

    [Fact]
    public void Every_known_exception_is_still_an_import_across_areas()
    {
        var found = Violations(TasksDirectory()).Select(violation => (violation.File, violation.Namespace)).ToHashSet();

        var stale = KnownExceptions.Keys.Where(exception => !found.Contains(exception)).Select(exception => $"{exception.File} no longer imports {exception.Namespace}: remove it from KnownExceptions");
        Assert.True(!stale.Any(), string.Join(Environment.NewLine, stale));
    }

    [Theory]
    [InlineData("using PrivateCloud.Tasks.Backup.Duplicity;", "PrivateCloud.Tasks.Backup.Duplicity")]
    [InlineData("using static PrivateCloud.Tasks.Mail.Dns.DnsRecord;", "PrivateCloud.Tasks.Mail.Dns.DnsRecord")]
    [InlineData("using Verifier = PrivateCloud.Tasks.Mail.Dns.DnsVerifier;", "PrivateCloud.Tasks.Mail.Dns.DnsVerifier")]
    [InlineData("    var check = new PrivateCloud.Tasks.Mail.Dns.DnsVerifier();", "PrivateCloud.Tasks.Mail.Dns.DnsVerifier")]
    public void An_import_of_another_area_is_found_and_named(string line, string imported)
    {
        var source = $"{line}\n\nnamespace PrivateCloud.Tasks.Checks.Sources;\n";

        var violation = Assert.Single(ViolationsIn("Checks/Sources/X.cs", source));

        Assert.Equal(("Checks/Sources/X.cs", "Checks", imported), (violation.File, violation.Area, violation.Namespace));
    }

    [Theory]
    [InlineData("PrivateCloud.Tasks.Checks.Sources", "using PrivateCloud.Tasks.Plumbing.Remote;")]
    [InlineData("PrivateCloud.Tasks.Checks.Sources", "using PrivateCloud.Tasks.Stacks.Releases;")]
    [InlineData("PrivateCloud.Tasks.Checks.Sources", "using PrivateCloud.Tasks.Checks.Endpoints;")]
    [InlineData("PrivateCloud.Tasks.Checks.Sources", "using PrivateCloud.Tasks;")]
    [InlineData("PrivateCloud.Tasks.Plumbing.Settings", "using PrivateCloud.Tasks.Backup;")]
    public void Plumbing_the_stack_model_the_root_and_the_own_area_are_allowed(string own, string line) =>
        Assert.Empty(ViolationsIn("X.cs", $"{line}\n\nnamespace {own};\n"));

    [Theory]
    [InlineData("Deployment/X.cs", "PrivateCloud.Tasks.Deployment", "        ReadBy = [nameof(Targets.Deploy)],", "PrivateCloud.Tasks.Targets.Deploy")]
    [InlineData("Host/X.cs", "PrivateCloud.Tasks.Host", "using PrivateCloud.Tasks.Targets;", "PrivateCloud.Tasks.Targets")]
    public void No_area_may_name_the_targets_above_it(string file, string own, string line, string named) =>
        Assert.Equal(named, Assert.Single(ViolationsIn(file, $"{line}\n\nnamespace {own};\n")).Namespace);

    [Theory]
    [InlineData("Checks/Sources/X.cs", "PrivateCloud.Tasks.Checks.Sources", "    public string Name => nameof(Host.CheckDiskUsage);", "PrivateCloud.Tasks.Host.CheckDiskUsage")]
    [InlineData("Mail/X.cs", "PrivateCloud.Tasks.Mail", "        ReadBy = [nameof(VerifyDns), nameof(Host.Preflight)],", "PrivateCloud.Tasks.Host.Preflight")]
    public void An_area_named_from_the_root_is_found(string file, string own, string line, string named) =>
        Assert.Equal(named, Assert.Single(ViolationsIn(file, $"{line}\n\nnamespace {own};\n")).Namespace);

    [Theory]
    [InlineData("        var host = context.Settings.Host.Maintenance;")]
    [InlineData("        // Host.Preflight reads the same records.")]
    public void A_member_access_or_a_comment_is_not_an_area(string line) =>
        Assert.Empty(ViolationsIn("Deployment/X.cs", $"{line}\n\nnamespace PrivateCloud.Tasks.Deployment;\n"));

    [Fact]
    public void The_targets_may_name_every_area() =>
        Assert.Empty(ViolationsIn("Targets/X.cs", "using PrivateCloud.Tasks.Deployment;\nusing PrivateCloud.Tasks.Host;\n\nnamespace PrivateCloud.Tasks.Targets;\n"));

    [Fact]
    public void The_stack_model_may_not_name_an_area() =>
        Assert.Single(ViolationsIn("Stacks/X.cs", "using PrivateCloud.Tasks.Deployment;\n\nnamespace PrivateCloud.Tasks.Stacks;\n"));

    private sealed record Violation(string File, string Area, string Namespace);

    private static string TasksDirectory() => Path.Combine(SourceRoot.Find(), "tasks");

    private static IEnumerable<Violation> Violations(string tasksDirectory) =>
        Directory.EnumerateFiles(tasksDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(tasksDirectory, path).Replace('\\', '/'))
            .Where(file => !file.StartsWith("bin/", StringComparison.Ordinal) && !file.StartsWith("obj/", StringComparison.Ordinal))
            .SelectMany(file => ViolationsIn(file, File.ReadAllText(Path.Combine(tasksDirectory, file))));

    /// <summary>What one file under tasks/ names of an area other than its own; nothing for the plumbing, whose Settings gather every area's records.</summary>
    private static IEnumerable<Violation> ViolationsIn(string file, string source)
    {
        var own = NamespaceLine().Match(source) is { Success: true } match ? match.Groups["name"].Value : Root;
        var area = TopSegment(own);
        if (area is null || area == "Plumbing" || area == TopLayer)
        {
            return [];
        }

        var code = NamespaceLine().Replace(source, string.Empty);
        return NamedNamespace().Matches(code).Select(named => named.Groups["name"].Value)
            .Concat(NamedFromTheRoot.Matches(Comment().Replace(code, string.Empty)).Select(named => $"{Root}.{named.Groups["name"].Value}"))
            .Distinct()
            .Where(named => TopSegment(named) is { } top && top != area && !SharedLayers.Contains(top))
            .Select(named => new Violation(file, area, named));
    }

    /// <summary>The first segment under PrivateCloud.Tasks ("Host" for PrivateCloud.Tasks.Host.Disk); null for the root.</summary>
    private static string? TopSegment(string name) =>
        name.StartsWith(Root + ".", StringComparison.Ordinal) ? name[(Root.Length + 1)..].Split('.')[0] : null;

    [GeneratedRegex(@"^namespace (?<name>[\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"(?<name>\bPrivateCloud\.Tasks(?:\.[A-Z]\w*)+)")]
    private static partial Regex NamedNamespace();

    /// <summary>
    /// A name qualified from the root namespace every area sits in, which C# resolves without a using:
    /// nameof(Host.PrepareHost), nameof(Targets.Deploy). The names are the folders under tasks/.
    /// </summary>
    private static readonly Regex NamedFromTheRoot = new(
        $@"(?<![\w.])(?<name>(?:{string.Join('|', Directory.EnumerateDirectories(TasksDirectory()).Select(Path.GetFileName).Where(name => name is not ("bin" or "obj")))})(?:\.[A-Z]\w*)+)",
        RegexOptions.Compiled);

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();
}
