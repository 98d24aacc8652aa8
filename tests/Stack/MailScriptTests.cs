using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Stack;

/// <summary>
/// The shell library both mail containers source (configurations/mail/common.sh), run by the real
/// bash, openssl and jq of this machine: the account files it writes admit the passwords, and it
/// installs the mail certificate from a store laid out as Traefik writes acme.json, once, and
/// serves a temporary self-signed one until the store has it. The built containers run the same
/// library in tests/Mail/MailServerTests.cs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MailScriptTests : IDisposable
{
    private const string Principal = "correct horse";
    private const string NoReply = "battery 'staple' $HOME";

    private static readonly string Library = Path.Combine(StackFiles.Directory, "configurations", "mail", "common.sh");

    private readonly TemporaryDirectory _work = new();
    private readonly CommandRunner _runner = CakeProcesses.CreateCommandRunner();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void The_account_lines_hash_each_password_and_leave_none_in_the_output()
    {
        Requires.That(Requires.Executable("openssl"), "openssl is needed");

        var lines = Bash(". \"$1\"; mail_accounts ':'; echo \"left: ${MAIL_PRINCIPAL_PASSWORD-}${MAIL_NO_REPLY_PASSWORD-}\"").Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.Equal("left: ", lines[2]);
        AssertAdmits(lines[0], "me@example.com:", Principal);
        AssertAdmits(lines[1], "no-reply@example.com:", NoReply);
        Assert.DoesNotContain(Principal, string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public void The_certificate_of_MAIL_DOMAIN_is_taken_from_the_acme_store_once()
    {
        Requires.That(Requires.Executable("jq") && Requires.Executable("openssl"), "jq and openssl are needed (apt-get install jq openssl)");
        var (certificate, key) = WriteStore();

        var output = Bash(
            ". \"$1\"; acme_store=\"$2/acme.json\"; certificate_dir=\"$2/ssl\"; mail_certificate_refresh && echo first; mail_certificate_refresh || echo second-unchanged",
            _work.Path);

        Assert.Equal("Installed the certificate of mail.example.com from Traefik's store.\nfirst\nsecond-unchanged", output);
        Assert.Equal(certificate.TrimEnd('\n'), File.ReadAllText(_work.Combine("ssl", "fullchain.pem")).TrimEnd('\n'));
        Assert.Equal(key.TrimEnd('\n'), File.ReadAllText(_work.Combine("ssl", "privkey.pem")).TrimEnd('\n'));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_work.Combine("ssl", "privkey.pem")));
    }

    [Fact]
    public void A_first_start_without_a_certificate_serves_a_self_signed_one_until_the_store_has_the_real_one()
    {
        Requires.That(Requires.Executable("jq") && Requires.Executable("openssl"), "jq and openssl are needed (apt-get install jq openssl)");
        const string Locations = ". \"$1\"; acme_store=\"$2/acme.json\"; certificate_dir=\"$2/ssl\"; temporary_marker=\"$2/ssl/temporary\"; ";

        var first = Bash(Locations + "mail_certificate_install; mail_certificate_install; mail_certificate_refresh || echo no-store-yet", _work.Path);
        var temporary = Subject(_work.Combine("ssl", "fullchain.pem"));
        var marked = File.Exists(_work.Combine("ssl", "temporary"));
        var (certificate, _) = WriteStore();
        var switched = Bash(Locations + "mail_certificate_refresh && echo switched", _work.Path);

        Assert.Equal("Traefik's store has no certificate of mail.example.com yet: serving a temporary self-signed one until it does.\nno-store-yet", first);
        Assert.Equal("subject=CN = mail.example.com", temporary.Trim());
        Assert.True(marked);
        Assert.Equal("Installed the certificate of mail.example.com from Traefik's store.\nswitched", switched);
        Assert.Equal(certificate.TrimEnd('\n'), File.ReadAllText(_work.Combine("ssl", "fullchain.pem")).TrimEnd('\n'));
        Assert.False(File.Exists(_work.Combine("ssl", "temporary")));
    }

    /// <summary>Writes acme.json as Traefik lays it out: the mail certificate beside another entry.</summary>
    private (string Certificate, string Key) WriteStore()
    {
        _runner.Run(new CommandRequest("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=mail.example.com",
            "-keyout", _work.Combine("key.pem"), "-out", _work.Combine("cert.pem")]) { Quiet = true }).EnsureSuccess("A test certificate");
        var certificate = File.ReadAllText(_work.Combine("cert.pem"));
        var key = File.ReadAllText(_work.Combine("key.pem"));
        _work.Write("acme.json", $$$"""
            {"mail": {"Account": {"Email": "admin@example.com"}, "Certificates": [
              {"domain": {"main": "other.example.com"}, "certificate": "{{{Base64("other")}}}", "key": "{{{Base64("other key")}}}", "Store": "default"},
              {"domain": {"main": "mail.example.com"}, "certificate": "{{{Base64(certificate)}}}", "key": "{{{Base64(key)}}}", "Store": "default"}]}}
            """);
        return (certificate, key);
    }

    private string Subject(string certificate) =>
        _runner.Run(new CommandRequest("openssl", ["x509", "-noout", "-subject", "-in", certificate]) { Quiet = true })
            .EnsureSuccess("The certificate's subject").StandardOutput;

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private void AssertAdmits(string line, string prefix, string password)
    {
        Assert.StartsWith(prefix + "$6$", line, StringComparison.Ordinal);
        var hash = line[prefix.Length..];
        var salt = hash.Split('$')[2];
        var again = Bash("printf '%s' \"$2\" | openssl passwd -6 -salt \"$3\" -stdin", password, salt);
        Assert.Equal(hash, again);
    }

    private string Bash(string script, params string[] arguments) =>
        _runner.Run(new CommandRequest("bash", ["-c", script, "bash", Library, .. arguments])
        {
            Quiet = true,
            Environment = new Dictionary<string, string>
            {
                ["MAIL_PRINCIPAL_USER"] = "me",
                ["MAIL_PRINCIPAL_PASSWORD"] = Principal,
                ["MAIL_NO_REPLY_PASSWORD"] = NoReply,
                ["TOP_DOMAIN"] = "example.com",
                ["MAIL_DOMAIN"] = "mail.example.com",
            },
        }).EnsureSuccess("The mail library").StandardOutput.TrimEnd('\n');
}
