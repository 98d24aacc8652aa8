using System.Text;

namespace PrivateCloud.Tasks.Configuration.Templates;

/// <summary>
/// Renders a template in memory exactly as the old script's
/// <c>eval "cat &lt;&lt;EOF\n$(cat file)\nEOF"</c> did under /bin/sh (dash): POSIX here-document
/// expansion with an unquoted delimiter. Differences are deliberate and fail loudly: command
/// substitution, arithmetic, special parameters and unsupported <c>${...}</c> forms are refused,
/// and an undefined variable is an error unless <c>allowUndefined</c> is set.
/// </summary>
public static class TemplateRenderer
{
    public static RenderResult Render(
        string text,
        string path,
        IReadOnlyDictionary<string, string> variables,
        bool allowUndefined)
    {
        // $(cat file) drops every trailing newline; the here-document then ends with exactly one.
        var body = text.TrimEnd('\n');
        var (nodes, parseErrors) = TemplateParser.Parse(body, path);
        if (parseErrors.Count > 0)
        {
            return new RenderResult(path, string.Empty, parseErrors, [], []);
        }

        var evaluation = new Evaluation(path, variables);
        var output = new StringBuilder();
        evaluation.Expand(nodes, output);
        output.Append('\n');

        var errors = evaluation.Errors.ToList();
        var warnings = new List<TemplateDiagnostic>();
        var undefinedByName = evaluation.Undefined.GroupBy(u => u.Name, StringComparer.Ordinal);
        foreach (var group in undefinedByName)
        {
            var first = group.First();
            if (allowUndefined)
            {
                var more = group.Count() > 1 ? $" ({group.Count() - 1} more place(s) in this file)" : string.Empty;
                warnings.Add(new TemplateDiagnostic(path, first.Line, first.Column, $"{first.Name} is not defined and was rendered empty{more}"));
            }
            else
            {
                errors.AddRange(group.Select(u => new TemplateDiagnostic(path, u.Line, u.Column,
                    $"{u.Name} is not defined; set it in .env or the environment, or give a default with ${{{u.Name}:-default}}")));
            }
        }

        errors.Sort((a, b) => (a.Line, a.Column).CompareTo((b.Line, b.Column)));
        return new RenderResult(
            path,
            errors.Count == 0 ? output.ToString() : string.Empty,
            errors,
            warnings,
            evaluation.Used.Order(StringComparer.Ordinal).ToList());
    }

    private sealed record UndefinedUse(string Name, int Line, int Column);

    /// <summary>The mutable state of one rendering: ${NAME:=word} assigns for the rest of the file, like the shell.</summary>
    private sealed class Evaluation(string path, IReadOnlyDictionary<string, string> variables)
    {
        private readonly Dictionary<string, string> _values = new(variables, StringComparer.Ordinal);

        public List<TemplateDiagnostic> Errors { get; } = [];

        public List<UndefinedUse> Undefined { get; } = [];

        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public void Expand(IReadOnlyList<TemplateNode> nodes, StringBuilder output)
        {
            foreach (var node in nodes)
            {
                switch (node)
                {
                    case LiteralNode literal:
                        output.Append(literal.Text);
                        break;
                    case ParameterNode parameter:
                        ExpandParameter(parameter, output);
                        break;
                }
            }
        }

        private void ExpandParameter(ParameterNode node, StringBuilder output)
        {
            var isSet = _values.TryGetValue(node.Name, out var value);
            if (isSet)
            {
                Used.Add(node.Name);
            }

            // The ':' forms treat an empty value like an unset one.
            var missing = !isSet || (node.TestsEmpty && value!.Length == 0);
            switch (node.Operator)
            {
                case ParameterOperator.Value when !isSet:
                    Undefined.Add(new UndefinedUse(node.Name, node.Line, node.Column));
                    break;
                case ParameterOperator.UseDefault when missing:
                    Expand(node.Word, output);
                    break;
                case ParameterOperator.AssignDefault when missing:
                    var assigned = ExpandToString(node.Word);
                    _values[node.Name] = assigned;
                    Used.Add(node.Name);
                    output.Append(assigned);
                    break;
                case ParameterOperator.ErrorIfUnset when missing:
                    var message = ExpandToString(node.Word);
                    if (message.Length == 0)
                    {
                        message = node.TestsEmpty ? "parameter not set or null" : "parameter not set";
                    }

                    Errors.Add(new TemplateDiagnostic(path, node.Line, node.Column, $"{node.Name}: {message}"));
                    break;
                case ParameterOperator.UseAlternative:
                    if (!missing)
                    {
                        Expand(node.Word, output);
                    }

                    break;
                default:
                    output.Append(value);
                    break;
            }
        }

        private string ExpandToString(IReadOnlyList<TemplateNode> word)
        {
            var text = new StringBuilder();
            Expand(word, text);
            return text.ToString();
        }
    }
}
