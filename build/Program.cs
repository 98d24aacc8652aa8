using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks;
using PrivateCloud.Tasks.Logging;
using PrivateCloud.Tasks.Planning;
using PrivateCloud.Tasks.Secrets;
using PrivateCloud.Tasks.Settings;

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
            new CakeBuildLog(provider.GetRequiredService<IConsole>()),
            provider.GetRequiredService<SecretRedactor>()));
        services.AddSingleton<IHelpSection, SettingsHelp>();
    })
    .Run(args);
