using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>Cake's real process runner, wired the way the host wires it, for tests that start programs.</summary>
public static class CakeProcesses
{
    /// <param name="log">Receives Cake's own messages, such as "Executing: ..."; null discards them.</param>
    public static IProcessRunner CreateRunner(ICakeLog? log = null)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var fileSystem = new FileSystem();
        log ??= new NullLog();
        var configuration = new CakeConfigurationProvider(fileSystem, environment)
            .CreateConfiguration(environment.WorkingDirectory, new Dictionary<string, string>());
        var globber = new Globber(fileSystem, environment);
        var toolLocator = new ToolLocator(
            environment,
            new ToolRepository(environment),
            new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        return new ProcessRunner(fileSystem, environment, log, toolLocator, configuration);
    }

    /// <summary>A command runner whose streamed lines go to <paramref name="output"/> (or nowhere).</summary>
    public static CommandRunner CreateCommandRunner(SecretRedactor? redactor = null, Action<string>? output = null) =>
        new(CreateRunner(), redactor ?? new SecretRedactor(), output ?? (_ => { }));
}
