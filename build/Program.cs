using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks;
using PrivateCloud.Tasks.Logging;
using PrivateCloud.Tasks.Planning;
using PrivateCloud.Tasks.Secrets;
using PrivateCloud.Tasks.Settings;
using Spectre.Console;

return new CakeHost()
    .UseContext<BuildContext>()
    .UseLifetime<BuildLifetime>()
    .UseDefaultTarget(nameof(Plan))
    .UseTaskCategories(TaskCategories.All)
    .AddAssembly(typeof(BuildContext).Assembly)
    .ConfigureServices(services =>
    {
        services.AddSingleton<SecretRedactor>();
        services.AddSingleton<ICakeLog>(provider => new RedactingLog(
            new CakeBuildLog(MachineOutput(provider) ? new ErrorConsole(provider.GetRequiredService<IConsole>()) : provider.GetRequiredService<IConsole>()),
            provider.GetRequiredService<SecretRedactor>()));
        services.AddSingleton<IAnsiConsole>(provider => MachineOutput(provider)
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            : AnsiConsole.Console);
        services.AddSingleton<IHelpSection, SettingsHelp>();
    })
    .Run(args);

// With --format=json the log and Cake's task summary go to stderr: stdout holds only the JSON.
static bool MachineOutput(IServiceProvider provider) =>
    ErrorConsole.IsWanted(provider.GetRequiredService<HostOptions>().Arguments, Environment.GetEnvironmentVariable);
