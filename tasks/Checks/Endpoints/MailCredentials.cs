namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>The mailbox IMAP logs in as. The password never appears in output.</summary>
public sealed record MailCredentials(string User, string Password)
{
    public const string UserVariable = "MAIL_PRINCIPAL_USER";
    public const string PasswordVariable = "MAIL_PRINCIPAL_PASSWORD";

    public override string ToString() => $"{User} (password not shown)";
}
