using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Host.Preparation;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Applications;
using PrivateCloud.Tasks.Accounts.Setup;
using YamlDotNet.RepresentationModel;
using static PrivateCloud.Tasks.Plumbing.Docker.ComposeYaml;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// The compose file against <c>configuration/README.md</c>'s upstream evidence: one section per
/// service, holding what was read in each image's own sources. What can be checked without the
/// images is checked here: the image, the healthcheck's program, the variables passed, the data
/// paths mounted, the bind directories' owners and the init tasks' command lines.
/// </summary>
public sealed partial class UpstreamEvidenceTests
{
    private static readonly string[] Rows = ["image", "runs as", "data paths", "variables", "healthcheck binaries", "init commands"];

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, EvidenceRow>>> Sections = new(() => Parse(File.ReadAllText(ReadmeFile)));

    private static string ReadmeFile => Path.Combine(StackFiles.Directory, "README.md");

    public static TheoryData<string> Services => [.. StackFiles.EachService().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Services))]
    public void The_service_has_a_section_with_every_row_each_naming_its_source(string service)
    {
        var section = Section(service);

        Assert.All(Rows, row => Assert.True(section.ContainsKey(row), $"### {service} has no '{row}' row"));
        Assert.All(
            section.Values.Where(row => !row.Value.StartsWith("none", StringComparison.Ordinal)),
            row => Assert.False(string.IsNullOrWhiteSpace(row.Source), $"### {service}: '{row.Name}' names no upstream file it was checked against"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_image_row_is_the_image_the_compose_file_pins(string service)
    {
        var image = ComposeInterpolation.Expand(Scalar(Definition(service), "image")!, StackFiles.EnvDistValues.GetValueOrDefault);

        var listed = Listed(Section(service), "image").FirstOrDefault();

        Assert.Equal(image, listed is null ? null : ComposeInterpolation.Expand(listed, StackFiles.EnvDistValues.GetValueOrDefault));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_healthcheck_runs_a_program_the_section_lists_for_the_image(string service)
    {
        var listed = Listed(Section(service), "healthcheck binaries");
        if (Child(Definition(service), "healthcheck") is not YamlMappingNode healthcheck)
        {
            Assert.Empty(listed);
            return;
        }

        var test = ((YamlSequenceNode)Child(healthcheck, "test")!).Children.Select(node => ((YamlScalarNode)node).Value!).ToList();
        // ["CMD", program, ...] runs the program; ["CMD-SHELL", "program ..."] runs it through the shell.
        var program = test[0] == "CMD-SHELL" ? test[1].Split(' ')[0] : test[1];

        Assert.Contains(program, listed);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_variable_the_compose_file_passes_is_one_the_section_lists(string service)
    {
        var passed = Child(Definition(service), "environment") is YamlMappingNode environment
            ? environment.Children.Keys.Select(key => ((YamlScalarNode)key).Value!).ToList()
            : [];

        Assert.Empty(passed.Except(Listed(Section(service), "variables")));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_data_path_the_compose_file_mounts_is_one_the_section_lists(string service)
    {
        var volumes = ((YamlMappingNode)Child(StackFiles.Compose, "volumes")!).Children.Keys.Select(key => ((YamlScalarNode)key).Value!).ToHashSet();
        var mounts = (Child(Definition(service), "volumes") as YamlSequenceNode)?.Children.Select(node => ((YamlScalarNode)node).Value!.Split(':')) ?? [];
        // Named volumes and host directories hold data; release files and the docker socket do not.
        var dataPaths = mounts
            .Where(mount => volumes.Contains(mount[0]) || (mount[0].StartsWith('/') && mount[0] != "/var/run/docker.sock"))
            .Select(mount => mount[1]);

        Assert.Empty(dataPaths.Except(Listed(Section(service), "data paths")));
    }

    [Fact]
    public void Every_bind_volume_declares_its_directory_s_owner()
    {
        var volumes = (YamlMappingNode)Child(StackFiles.Compose, "volumes")!;
        var binds = volumes.Children
            .Where(pair => Child((YamlMappingNode)pair.Value, "driver_opts") is YamlMappingNode options && Scalar(options, "o")!.Split(',').Contains("bind"))
            .ToList();

        Assert.NotEmpty(binds);
        Assert.All(binds, pair => Assert.True(
            Child((YamlMappingNode)pair.Value, DirectoryOwner.Key) is YamlMappingNode,
            $"the bind volume {((YamlScalarNode)pair.Key).Value} has no {DirectoryOwner.Key}"));
        Assert.Equal(binds.Count, ComposeBindDevices.Read(StackFiles.Directory, [StackFiles.ComposeFileName], StackFiles.EnvDistValues.GetValueOrDefault).Count);
    }

    /// <summary>The init tasks' command lines are the ones the sections record as checked against the pinned version.</summary>
    [Fact]
    public void The_init_tasks_run_the_command_lines_the_sections_record()
    {
        var values = new Dictionary<string, (string, string)>
        {
            ["EMAIL"] = ("<EMAIL>", "test"), ["PASSBOLT_USER"] = ("<PASSBOLT_USER>", "test"), ["GITEA_ADMIN_USER"] = ("<GITEA_ADMIN_USER>", "test"),
            ["GITEA_ADMIN_PASSWORD"] = ("secret", "test"), ["LINKDING_USER"] = ("<LINKDING_USER>", "test"), ["LINKDING_PASSWORD"] = ("secret", "test"),
        };
        var variables = new RequiredVariables(new StackVariables(values), ".env", "test");
        ContainerSetup[] setups =
            [ApplicationSetups.PassboltAdmin(variables), ApplicationSetups.GiteaAdmin(variables), ApplicationSetups.LinkdingUser(variables), ApplicationSetups.DavisTables()];

        Assert.All(
            setups.SelectMany(setup => new[] { setup.Check, setup.Apply }),
            exec => Assert.Contains($"`{CommandLine(exec)}`", Section(exec.Service)["init commands"].Value, StringComparison.Ordinal));
        Assert.Contains(ApplicationSetups.PassboltCake, Section("passbolt")["init commands"].Value, StringComparison.Ordinal);
        Assert.Contains("as www-data", Section("linkding")["init commands"].Value, StringComparison.Ordinal);
        Assert.Equal(ApplicationSetups.LinkdingRunsAs, ApplicationSetups.LinkdingUser(variables).Apply.User);
    }

    [Fact]
    public void The_parser_reads_the_listed_words_before_any_remark()
    {
        var sections = Parse("""
            ### one

            | row | value | checked against |
            | --- | --- | --- |
            | image | `a:1` (`a:${V}` in .env) | repo `Dockerfile` at `v1` |
            | variables | `X`, `Y` | repo `.env` at `v1` |

            ### two
            """);

        Assert.Equal(["a:1"], Listed(sections["one"], "image"));
        Assert.Equal(["X", "Y"], Listed(sections["one"], "variables"));
        Assert.Equal("repo `.env` at `v1`", sections["one"]["variables"].Source);
        Assert.Empty(sections["two"]);
    }

    /// <summary>
    /// The command line as the section writes it: a <c>sh -c</c> wrapper (there so a password is never
    /// an exec argument) by its script with the arguments put back and variables as &lt;NAME&gt;, and
    /// the code of <c>python manage.py shell -c</c> as &lt;lookup&gt;.
    /// </summary>
    private static string CommandLine(ServiceExec exec)
    {
        if (exec.Command[0] != "sh")
        {
            var words = exec.Command.ToList();
            var code = words.IndexOf("-c");
            return string.Join(' ', code < 0 ? words : [.. words.Take(code + 1), "<lookup>"]);
        }

        var script = exec.Command[2].Replace("exec ", string.Empty, StringComparison.Ordinal);
        script = Regex.Replace(script, "\"\\$([0-9])\"", match => exec.Command[3 + int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        return Regex.Replace(script, "\"\\$([A-Z_]+)\"", "<$1>");
    }

    private sealed record EvidenceRow(string Name, string Value, string Source);

    private static YamlMappingNode Definition(string service) => StackFiles.EachService().Single(s => s.Name == service).Definition;

    private static IReadOnlyDictionary<string, EvidenceRow> Section(string service) =>
        Sections.Value.TryGetValue(service, out var section) ? section : throw new Xunit.Sdk.XunitException($"{ReadmeFile} has no '### {service}' section");

    /// <summary>
    /// The items of a row's value before its first parenthesis (the rest is a remark): its backquoted
    /// words, or, where nothing is backquoted, its comma-separated items.
    /// </summary>
    private static IReadOnlyList<string> Listed(IReadOnlyDictionary<string, EvidenceRow> section, string row)
    {
        Assert.True(section.TryGetValue(row, out var found), $"no '{row}' row");
        var value = found!.Value;
        var remark = value.IndexOf(" (", StringComparison.Ordinal);
        var listed = remark < 0 ? value : value[..remark];
        var quoted = Quoted().Matches(listed).Select(match => match.Groups[1].Value).ToList();
        return quoted.Count > 0 || listed.StartsWith("none", StringComparison.Ordinal)
            ? quoted
            : [.. listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    private static Dictionary<string, IReadOnlyDictionary<string, EvidenceRow>> Parse(string readme)
    {
        var sections = new Dictionary<string, IReadOnlyDictionary<string, EvidenceRow>>(StringComparer.Ordinal);
        Dictionary<string, EvidenceRow>? current = null;
        foreach (var line in readme.Split('\n').Select(line => line.TrimEnd('\r')))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                current = [];
                sections[line[4..].Trim()] = current;
            }
            else if (current is not null && line.StartsWith('|'))
            {
                var cells = line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
                if (cells.Length >= 2 && cells[0] is not ("row" or "") && !cells[0].StartsWith("---", StringComparison.Ordinal))
                {
                    current[cells[0]] = new EvidenceRow(cells[0], cells[1], cells.Length > 2 ? cells[2] : string.Empty);
                }
            }
        }

        return sections;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Quoted();
}
