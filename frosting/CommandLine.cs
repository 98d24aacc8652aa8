using Cake.Core.Diagnostics;

namespace PrivateCloud.Frosting;

/// <summary>
/// Parses Cake's command line: <c>--name=value</c>, <c>--name value</c> and bare <c>--flag</c>,
/// with Cake's short forms <c>-t</c>, <c>-v</c> and <c>-h</c>.
/// </summary>
public static class CommandLine
{
    public const string Target = "target";
    public const string Verbosity = "verbosity";
    public const string DryRun = "dryrun";
    public const string Tree = "tree";
    public const string Description = "description";
    public const string Exclusive = "exclusive";
    public const string Help = "help";
    public const string Version = "version";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["t"] = Target,
        ["v"] = Verbosity,
        ["h"] = Help,
        ["dry-run"] = DryRun,
        ["whatif"] = DryRun,
        ["showdescription"] = Description,
        ["showtree"] = Tree,
        ["e"] = Exclusive,
    };

    private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        DryRun, Tree, Description, Exclusive, Help, Version,
    };

    /// <summary>The names the host itself understands; everything else is a setting for the tasks.</summary>
    public static IReadOnlySet<string> HostOptionNames { get; } =
        new HashSet<string>([Target, Verbosity, .. Flags], StringComparer.OrdinalIgnoreCase);

    public static HostOptions Parse(IReadOnlyList<string> args, string defaultTarget)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith('-') || token.Trim('-').Length == 0)
            {
                throw new BuildInputException($"Unexpected argument '{token}': arguments are written --name=value.");
            }

            var body = token.TrimStart('-');
            string name;
            string value;
            var equals = body.IndexOf('=');
            if (equals >= 0)
            {
                name = body[..equals];
                value = body[(equals + 1)..];
            }
            else
            {
                name = body;
                var takesValue = !Flags.Contains(Canonical(name)) && i + 1 < args.Count && !args[i + 1].StartsWith('-');
                value = takesValue ? args[++i] : "true";
            }

            pairs.Add(new(Canonical(name), value));
        }

        var arguments = pairs.ToLookup(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var targets = arguments[Target]
            .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();

        return new HostOptions
        {
            Targets = targets.Count > 0 ? targets : [defaultTarget],
            TargetGiven = targets.Count > 0,
            Verbosity = ParseVerbosity(arguments[Verbosity].LastOrDefault()),
            DryRun = Flag(arguments, DryRun),
            Tree = Flag(arguments, Tree),
            Description = Flag(arguments, Description),
            Exclusive = Flag(arguments, Exclusive),
            Help = Flag(arguments, Help),
            Version = Flag(arguments, Version),
            Arguments = arguments,
        };
    }

    private static string Canonical(string name) =>
        Aliases.TryGetValue(name, out var canonical) ? canonical : name.ToLowerInvariant();

    private static bool Flag(ILookup<string, string> arguments, string name)
    {
        var value = arguments[name].LastOrDefault();
        if (value is null)
        {
            return false;
        }

        return bool.TryParse(value, out var flag)
            ? flag
            : throw new BuildInputException($"--{name} takes true or false, not '{value}'.");
    }

    private static Verbosity ParseVerbosity(string? value)
    {
        if (value is null)
        {
            return Cake.Core.Diagnostics.Verbosity.Normal;
        }

        return VerbosityParser.TryParse(value, out var verbosity)
            ? verbosity
            : throw new BuildInputException(
                $"--verbosity takes quiet, minimal, normal, verbose or diagnostic, not '{value}'.");
    }
}
