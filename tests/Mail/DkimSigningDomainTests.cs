using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateCloud.Tasks.Mail.Dkim;
using PrivateCloud.Tests.Infrastructure;
using PrivateCloud.Tests.Stack;

namespace PrivateCloud.Tests.Mail;

/// <summary>
/// The DKIM domain and selector the rendered smtpd.conf signs with are the ones the record
/// MailDnsRecords lists (and VerifyDns checks) and CreateDkimKey prints: the real stack from a fresh
/// clone, rendered from .env.dist by the real program.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class DkimSigningDomainTests : IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void The_rendered_smtpd_signs_for_the_name_MailDnsRecords_lists_and_CreateDkimKey_prints()
    {
        StackFiles.CopyTo(_work.Combine("stack"));
        File.Copy(StackFiles.EnvDist, _work.Combine("stack", ".env"));

        var render = Run("--target=RenderConfiguration");
        var listed = Run("--target=MailDnsRecords", "--format=json");

        Assert.True(render.ExitCode == 0, render.ToString());
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var filter = FilterArguments().Match(File.ReadAllText(_work.Combine("stack", "configurations", "mail", "smtpd.conf")));
        Assert.True(filter.Success, "smtpd.conf has no filter-dkimsign line with -d and -s");
        var signedName = DkimRecord.Name(filter.Groups["selector"].Value, filter.Groups["domain"].Value);
        using var records = JsonDocument.Parse(listed.Stdout);
        var dkim = Assert.Single(records.RootElement.EnumerateArray(), r => r.GetProperty("value").GetString()!.StartsWith("v=DKIM1;", StringComparison.Ordinal));
        Assert.Equal(signedName + ".", dkim.GetProperty("name").GetString());
        Assert.Contains($"DNS: {signedName} TXT \"{dkim.GetProperty("value").GetString()}\"", render.Output, StringComparison.Ordinal);
        Assert.Equal(StackFiles.EnvDistValues[DkimRecord.SigningDomainVariable], filter.Groups["domain"].Value);
    }

    private BuildProgram.Result Run(params string[] args) => BuildProgram.Run(_work.Path, null, ["--stack=stack", .. args]);

    [GeneratedRegex(@"filter-dkimsign .*-d (?<domain>\S+) -s (?<selector>\S+) ")]
    private static partial Regex FilterArguments();
}
