using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Plumbing.DotEnv;

/// <summary>
/// A <c>.env</c> file that docker compose would refuse or misread. The message is one line,
/// <c>path:line: problem</c>, and never quotes a value: values are often secrets.
/// </summary>
public sealed class DotEnvException(string path, int? line, string problem)
    : BuildInputException(line is null ? $"{path}: {problem}" : $"{path}:{line}: {problem}")
{
    public string Path { get; } = path;

    public int? Line { get; } = line;
}
