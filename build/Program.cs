using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Planning;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Plumbing.Settings;

return new CakeHost()
    .UseContext<BuildContext>()
    .UseLifetime<BuildLifetime>()
    .UseDefaultTarget(nameof(Plan))
    .UseTaskCategories(TaskCategories.All)
    .AddAssembly(typeof(BuildContext).Assembly)
    .ConfigureServices(services =>
    {
        services.AddSingleton<SecretRedactor>();
        services.AddSingleton<IConsole>(provider =>
        {
            var console = new CakeConsole(provider.GetRequiredService<ICakeEnvironment>());
            return JsonRequested(provider) ? new StandardErrorConsole(console) : console;
        });
        services.AddSingleton<IAnsiConsole>(provider => JsonRequested(provider)
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            : AnsiConsole.Console);
        services.AddSingleton<IHelpSection, SettingsHelp>();
    })
    .Run(args);

static bool JsonRequested(IServiceProvider provider) =>
    OutputFormats.WantsJson(provider.GetRequiredService<HostOptions>().Arguments, Environment.GetEnvironmentVariable);
