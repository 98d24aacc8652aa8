using System.Reflection;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Cake.Core.Tooling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spectre.Console;

namespace PrivateCloud.Frosting;

/// <summary>
/// Runs Frosting tasks on Cake's engine: parses the command line, builds the context, registers
/// the tasks and the lifetime, and hands the targets to the script host Cake.Cli has for the mode
/// asked for (build, dry run, tree or description).
/// </summary>
public sealed class CakeHost
{
    private readonly List<Assembly> _assemblies = [];
    private readonly List<Action<IServiceCollection>> _configurations = [];
    private Type _contextType = typeof(FrostingContext);
    private Type? _lifetimeType;
    private string _defaultTarget = "Default";
    private IReadOnlyList<string> _categories = [];

    public CakeHost UseContext<TContext>()
        where TContext : FrostingContext
    {
        _contextType = typeof(TContext);
        return this;
    }

    public CakeHost UseLifetime<TLifetime>()
        where TLifetime : class, IFrostingLifetime
    {
        _lifetimeType = typeof(TLifetime);
        return this;
    }

    /// <summary>Adds an assembly whose task classes become tasks.</summary>
    public CakeHost AddAssembly(Assembly assembly)
    {
        _assemblies.Add(assembly);
        return this;
    }

    public CakeHost UseDefaultTarget(string target)
    {
        _defaultTarget = target;
        return this;
    }

    /// <summary>The order <c>--description</c> lists the task categories in; others follow, by name.</summary>
    public CakeHost UseTaskCategories(params string[] categories)
    {
        _categories = categories;
        return this;
    }

    public CakeHost ConfigureServices(Action<IServiceCollection> configure)
    {
        _configurations.Add(configure);
        return this;
    }

    public int Run(IEnumerable<string> args) => RunAsync(args).GetAwaiter().GetResult();

    public async Task<int> RunAsync(IEnumerable<string> args)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var console = new CakeConsole(environment);
        HostOptions options;
        try
        {
            options = CommandLine.Parse(args.ToList(), _defaultTarget);
        }
        catch (BuildInputException exception)
        {
            console.WriteErrorLine($"Error: {exception.Message}");
            return ExitCodes.BadInput;
        }

        using var services = BuildServices(environment, console, options).BuildServiceProvider();
        var log = services.GetRequiredService<ICakeLog>();
        log.Verbosity = options.Verbosity;

        if (options.Help)
        {
            try
            {
                WriteHelp(console, services, options.TargetGiven ? TasksReadBy(ResolveAliases(options.Targets, services, log), services) : null);
                return ExitCodes.Success;
            }
            catch (BuildInputException exception)
            {
                return ReportFailure(log, exception);
            }
        }

        if (options.Version)
        {
            var program = Assembly.GetEntryAssembly()?.GetName().Version?.ToString(3) ?? "unknown";
            console.WriteLine($"{program} (Cake {typeof(ICakeEngine).Assembly.GetName().Version?.ToString(3)})");
            return ExitCodes.Success;
        }

        try
        {
            var engine = services.GetRequiredService<ICakeEngine>();
            var targets = ResolveAliases(options.Targets, services, log);
            CheckTargets(services.GetServices<IFrostingTask>().Select(task => TaskRegistrar.NameOf(task.GetType())).ToList(), targets);
            var targetList = targets.Count > 1 && !options.Exclusive ? TargetList.Name(targets) : null;
            RegisterTasks(engine, services, targets, options.Exclusive, targetList);

            if (options.Description)
            {
                WriteDescriptions(services.GetRequiredService<IConsole>(), services);
                return ExitCodes.Success;
            }

            var scriptHost = CreateScriptHost(services, options);
            if (options.Exclusive)
            {
                scriptHost.Settings.UseExclusiveTarget();
            }

            if (targetList is null)
            {
                await scriptHost.RunTargetsAsync(targets);
            }
            else
            {
                await scriptHost.RunTargetAsync(targetList);
            }
            return ExitCodes.Success;
        }
        catch (Exception exception)
        {
            return ReportFailure(log, Unwrap(exception));
        }
    }

    private ServiceCollection BuildServices(ICakeEnvironment environment, IConsole console, HostOptions options)
    {
        var services = new ServiceCollection();
        services.AddSingleton(options);
        services.AddSingleton(environment);
        services.AddSingleton(console);
        foreach (var configure in _configurations)
        {
            configure(services);
        }

        // The log writes where the configured console does: stderr when stdout carries JSON.
        services.TryAddSingleton<ICakeLog>(p => new CakeBuildLog(p.GetRequiredService<IConsole>(), options.Verbosity));
        services.TryAddSingleton<IFileSystem, FileSystem>();
        services.TryAddSingleton<IGlobber, Globber>();
        services.TryAddSingleton<IRegistry, WindowsRegistry>();
        services.TryAddSingleton<ICakeDataService, CakeDataService>();
        services.TryAddSingleton<ICakeArguments>(_ => new CakeArguments(options.Arguments));
        services.TryAddSingleton<ICakeConfiguration>(p =>
            new CakeConfigurationProvider(p.GetRequiredService<IFileSystem>(), environment)
                .CreateConfiguration(environment.WorkingDirectory, new Dictionary<string, string>()));
        services.TryAddSingleton<IToolRepository, ToolRepository>();
        services.TryAddSingleton<IToolResolutionStrategy, ToolResolutionStrategy>();
        services.TryAddSingleton<IToolLocator, ToolLocator>();
        services.TryAddSingleton<IToolInstaller>(p => new ToolInstaller(
            environment,
            p.GetRequiredService<IToolLocator>(),
            p.GetRequiredService<ICakeConfiguration>(),
            p.GetRequiredService<ICakeLog>(),
            []));
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.TryAddSingleton<ICakeContext>(p => new CakeContext(
            p.GetRequiredService<IFileSystem>(),
            environment,
            p.GetRequiredService<IGlobber>(),
            p.GetRequiredService<ICakeLog>(),
            p.GetRequiredService<ICakeArguments>(),
            p.GetRequiredService<IProcessRunner>(),
            p.GetRequiredService<IRegistry>(),
            p.GetRequiredService<IToolLocator>(),
            p.GetRequiredService<ICakeDataService>(),
            p.GetRequiredService<ICakeConfiguration>(),
            p.GetRequiredService<IToolInstaller>(),
            p));
        services.TryAddSingleton<ICakeEngine>(p =>
            new CakeEngine(p.GetRequiredService<ICakeDataService>(), p.GetRequiredService<ICakeLog>()));
        services.TryAddSingleton<IAnsiConsole>(_ => AnsiConsole.Console);
        services.TryAddSingleton<ICakeReportPrinter>(p => new TaskSummaryPrinter(
            new CakeSpectreReportPrinter(p.GetRequiredService<IAnsiConsole>()), p.GetRequiredService<ICakeLog>()));
        services.TryAddSingleton<IExecutionStrategy>(p =>
            new DefaultExecutionStrategy(p.GetRequiredService<ICakeLog>(), p.GetRequiredService<ICakeReportPrinter>()));
        services.TryAddSingleton(_contextType);
        if (_lifetimeType is not null)
        {
            services.TryAddSingleton(typeof(IFrostingLifetime), _lifetimeType);
        }

        var assemblies = _assemblies.Count > 0 ? _assemblies : [Assembly.GetEntryAssembly()!];
        foreach (var task in TaskRegistrar.FindTasks(assemblies))
        {
            services.AddSingleton(typeof(IFrostingTask), task);
        }

        return services;
    }

    /// <param name="targetList">The name of the task standing for several targets (see <see cref="TargetList"/>); null for one target or an exclusive run.</param>
    private void RegisterTasks(ICakeEngine engine, IServiceProvider services, IReadOnlyList<string> targets, bool exclusive, string? targetList)
    {
        var tasksByName = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in services.GetServices<IFrostingTask>())
        {
            var name = TaskRegistrar.NameOf(task.GetType());
            tasksByName[name] = task.GetType();
            TaskRegistrar.Register(engine, task.GetType(), task, targets.Contains(name, StringComparer.OrdinalIgnoreCase));
        }

        if (targetList is not null)
        {
            TargetList.Register(engine, targetList, targets);
        }

        var context = (FrostingContext)services.GetRequiredService(_contextType);
        var lifetime = services.GetService<IFrostingLifetime>();
        engine.RegisterSetupAction(info =>
        {
            context.Plan = ExecutionPlan.For(info, targets, exclusive, tasksByName);
            lifetime?.Setup(context, info);
        });
        if (lifetime is not null)
        {
            engine.RegisterTaskSetupAction(info =>
            {
                if (!string.Equals(info.Task.Name, targetList, StringComparison.Ordinal))
                {
                    lifetime.TaskSetup(context, info);
                }
            });
            engine.RegisterTeardownAction(info => lifetime.Teardown(context, info));
        }
    }

    /// <summary>Replaces a task's former name by its current one, saying so once.</summary>
    private static List<string> ResolveAliases(IEnumerable<string> targets, IServiceProvider services, ICakeLog log)
    {
        var current = services.GetServices<IFrostingTask>()
            .Select(task => task.GetType())
            .SelectMany(type => TaskRegistrar.AliasesOf(type).Select(alias => (alias, name: TaskRegistrar.NameOf(type))))
            .ToDictionary(pair => pair.alias, pair => pair.name, StringComparer.OrdinalIgnoreCase);

        return targets.Select(target =>
        {
            if (!current.TryGetValue(target, out var name))
            {
                return target;
            }

            log.Warning("The task name '{0}' is deprecated and will be removed: use --target={1}.", target, name);
            return name;
        }).ToList();
    }

    /// <summary>The targets and every task they depend on, or that declares itself a dependee of one of them.</summary>
    private static HashSet<string> TasksReadBy(IReadOnlyList<string> targets, IServiceProvider services)
    {
        var types = services.GetServices<IFrostingTask>().Select(task => task.GetType()).ToList();
        var byName = types.ToDictionary(TaskRegistrar.NameOf, StringComparer.OrdinalIgnoreCase);
        CheckTargets(byName.Keys.ToList(), targets);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Type>(targets.Select(target => byName[target]));
        while (pending.TryPop(out var type))
        {
            if (!found.Add(TaskRegistrar.NameOf(type)))
            {
                continue;
            }

            foreach (var dependency in type.GetCustomAttributes<IsDependentOnAttribute>())
            {
                pending.Push(dependency.Task);
            }

            foreach (var dependee in types.Where(other => other.GetCustomAttributes<IsDependeeOfAttribute>().Any(a => a.Task == type)))
            {
                pending.Push(dependee);
            }
        }

        return found;
    }

    private static void CheckTargets(IReadOnlyList<string> names, IEnumerable<string> targets)
    {
        foreach (var target in targets)
        {
            if (names.Contains(target, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var closest = NameSuggestions.Closest(target, names);
            var hint = closest.Count > 0
                ? $"Did you mean {string.Join(", ", closest)}?"
                : "Run with --description to list the tasks.";
            throw new BuildInputException($"The target '{target}' was not found. {hint}");
        }
    }

    private IScriptHost CreateScriptHost(IServiceProvider services, HostOptions options)
    {
        var engine = services.GetRequiredService<ICakeEngine>();
        var context = (ICakeContext)services.GetRequiredService(_contextType);
        if (options.Tree)
        {
            return new TreeScriptHost(engine, context, services.GetRequiredService<IConsole>());
        }


        // A dry run executes the tasks too, with the dry-run argument set: each task then reports what
        // it would change (a diff, the files it would upload), which Cake's own dry-run host cannot
        // show because it skips the task bodies.
        var log = services.GetRequiredService<ICakeLog>();
        return new BuildScriptHost<ICakeContext>(
            engine,
            services.GetRequiredService<IExecutionStrategy>(),
            context,
            services.GetRequiredService<ICakeReportPrinter>(),
            services.GetRequiredService<ICakeConfiguration>(),
            log);
    }

    /// <summary>Every task with its description, grouped by category.</summary>
    private void WriteDescriptions(IConsole console, IServiceProvider services)
    {
        var tasks = services.GetServices<IFrostingTask>()
            .Select(task => task.GetType())
            .Select(type => (Name: TaskRegistrar.NameOf(type), Category: TaskRegistrar.CategoryOf(type),
                Description: type.GetCustomAttribute<TaskDescriptionAttribute>()?.Description ?? string.Empty))
            .ToList();
        var width = tasks.Max(task => task.Name.Length) + 2;
        var groups = tasks
            .GroupBy(task => task.Category)
            .OrderBy(group => _categories.Contains(group.Key) ? _categories.ToList().IndexOf(group.Key) : _categories.Count)
            .ThenBy(group => group.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            console.WriteLine(group.Key);
            foreach (var task in group.OrderBy(task => task.Name, StringComparer.Ordinal))
            {
                console.WriteLine($"  {task.Name.PadRight(width)}{task.Description}");
            }

            console.WriteLine(string.Empty);
        }
    }

    private static void WriteHelp(IConsole console, IServiceProvider services, IReadOnlySet<string>? tasks)
    {
        console.WriteLine("Usage: ./build.sh [--target=<task>] [--<setting>=<value> ...]");
        console.WriteLine(string.Empty);
        console.WriteLine("Options:");
        console.WriteLine("  --target=<task>, -t      Task to run; repeat or separate with commas for several.");
        console.WriteLine("  --verbosity=<level>, -v  quiet, minimal, normal, verbose or diagnostic; the task table shows from normal up.");
        console.WriteLine("  --dryrun                 Show what would run and change, touching nothing.");
        console.WriteLine("  --tree                   Show the task dependency tree.");
        console.WriteLine("  --description            Show the tasks and their descriptions.");
        console.WriteLine("  --exclusive, -e          Run the target without its dependencies.");
        console.WriteLine("  --version                Show the version.");
        console.WriteLine("  --help, -h               Show this help.");
        console.WriteLine(string.Empty);
        console.WriteLine($"Exit codes: {ExitCodes.Success} success, {ExitCodes.TaskFailed} a task failed, "
            + $"{ExitCodes.BadInput} bad arguments or configuration.");
        foreach (var section in services.GetServices<IHelpSection>())
        {
            console.WriteLine(string.Empty);
            section.Write(console, tasks);
        }
    }

    private static int ReportFailure(ICakeLog log, Exception exception)
    {
        log.Error("Error: {0}", exception.Message);
        if (exception is TaskExitCodeException verdict)
        {
            return verdict.ExitCode;
        }

        if (exception is BuildInputException)
        {
            return ExitCodes.BadInput;
        }

        log.Write(Verbosity.Diagnostic, LogLevel.Error, "{0}", exception.ToString());
        return ExitCodes.TaskFailed;
    }

    private static Exception Unwrap(Exception exception)
    {
        // Cake's engine wraps what a task or the setup threw in a CakeReportException.
        while (exception is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException or CakeReportException
               && exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
