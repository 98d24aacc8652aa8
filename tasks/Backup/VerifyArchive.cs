using PrivateCloud.Tasks.Plumbing.Remote;
using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Archive;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(VerifyArchive))]
[TaskCategory(TaskCategories.Backup)]
[UnsupportedOSPlatform("windows")]
[TaskDescription("Decrypts the secrets --archive with --archive-passphrase and checks its OpenPGP integrity and every entry against its SHA-256 manifest; fails on any change, unsafe entry or damage.")]
[ThisMachineOnly]
public sealed class VerifyArchive : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup.Archive;
        var archive = settings.RequireArchive(nameof(VerifyArchive));
        var check = SecretsArchive.Verify(archive, settings.RequirePassphrase(nameof(VerifyArchive)));
        foreach (var problem in check.Problems)
        {
            context.Log.Error("  {0}", problem);
        }

        if (!check.Valid)
        {
            throw new InvalidOperationException($"{archive} failed verification: {check.Problems.Count} problem(s), listed above.");
        }

        context.Log.Information("{0}: intact (OpenPGP integrity check), {1} entries, each matching its SHA-256 in the manifest.", archive, check.Entries.Count);
    }
}
