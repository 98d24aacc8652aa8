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
        var json = OutputFormat.IsJson(args, Environment.GetEnvironmentVariable);
        services.AddSingleton<ICakeLog>(provider => new RedactingLog(
            new CakeBuildLog(json ? new StderrConsole(provider.GetRequiredService<IConsole>()) : provider.GetRequiredService<IConsole>()),
            provider.GetRequiredService<SecretRedactor>()));
        if (json)
        {
            // Cake's task summary table is printed through Spectre's console: to stderr too.
            services.AddSingleton<IAnsiConsole>(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));
        }
        services.AddSingleton<IHelpSection, SettingsHelp>();
    })
    .Run(args);
