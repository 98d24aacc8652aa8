using System.Runtime.Versioning;
using System.Text;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration.EnvFiles;
using PrivateCloud.Tasks.Plumbing.FileSystem;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Configuration;

[TaskName(nameof(NewEnv))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Writes the stack's .env (0600) from .env.dist: a fresh random value for every secret, STATUS_CREDENTIALS for a fresh password shown once, domains and addresses left empty for you; never overwrites a .env, --add-missing appends what .env.dist added since.")]
[ThisMachineOnly]
[UnsupportedOSPlatform("windows")]
public sealed class NewEnv : FrostingTask<BuildContext>
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public override void Run(BuildContext context)
    {
        var settings = context.Settings;
        var template = Path.Combine(settings.StackDirectory, BuildSettingsLoader.FallbackEnvFileName);
        var envFile = settings.EnvFileIsFallback ? Path.Combine(settings.StackDirectory, ".env") : settings.EnvFile;
        if (!File.Exists(template))
        {
            throw new BuildInputException($"{template} does not exist: NewEnv writes {envFile} from it; give the stack holding it with {CoreSettings.Stack.Option}.");
        }

        var exists = File.Exists(envFile);
        if (exists && !settings.Configuration.AddMissing)
        {
            throw new BuildInputException(
                $"{envFile} already exists and NewEnv never overwrites it: give {ConfigurationSettings.AddMissingSetting.Option}=true to append what {template} added since, or move it away to start over.");
        }

        var drafter = context.Services.EnvFileDrafter;
        var user = settings.Configuration.StatusUser;
        var draft = exists ? drafter.AddMissing(template, envFile, user) : drafter.FromTemplate(template, user);
        if (exists && draft.Variables.Count == 0)
        {
            context.Log.Information("{0} already has every variable of {1}: nothing to add.", envFile, template);
            return;
        }

        if (context.DryRun)
        {
            context.Log.Information(exists ? "Would add to {0} (0600):" : "Would write {0} (0600) from {1}:", envFile, template);
            Report(context, draft);
            return;
        }

        // Atomic and owner-only from the first byte; a .env that appeared meanwhile is never replaced by a fresh one.
        AtomicFile.Write(envFile, Encoding.UTF8.GetBytes(draft.Text), OwnerOnly, replace: exists);
        context.Log.Information(exists ? "Added to {0} (0600):" : "Wrote {0} (0600) from {1}:", envFile, template);
        Report(context, draft);
        if (draft.Dashboard is { } login)
        {
            // Straight to the console: the log masks it like every generated secret, and the file keeps only its hash.
            context.StandardOutput.WriteLine($"The status dashboard's login: {login.User} / {login.Password}");
            context.Log.Warning("That password is shown this once: keep it in your password manager (StatusPassword sets another).");
        }

        var left = draft.Variables.Where(v => v.Kind == ExampleValueKind.LeftForUser).ToList();
        if (left.Count > 0)
        {
            context.Log.Information("Fill in {0} in {1}; ./build.sh (Plan) lists what a Deploy still needs.", string.Join(", ", left.Select(v => v.Name)), envFile);
        }
    }

    /// <summary>Names only, grouped by how each value is made: a value never reaches the output.</summary>
    private static void Report(BuildContext context, EnvFileDraft draft)
    {
        foreach (var (kind, label) in new[]
                 {
                     (ExampleValueKind.Generated, "a fresh random secret"),
                     (ExampleValueKind.Hashed, "the bcrypt hash of a fresh dashboard password"),
                     (ExampleValueKind.LeftForUser, "empty, for you to fill in"),
                     (ExampleValueKind.Kept, "as .env.dist has it"),
                 })
        {
            var names = draft.Variables.Where(v => v.Kind == kind).Select(v => v.Name).ToList();
            if (names.Count > 0)
            {
                context.Log.Information("  {0} ({1}): {2}", label, names.Count, string.Join(", ", names));
            }
        }
    }
}
