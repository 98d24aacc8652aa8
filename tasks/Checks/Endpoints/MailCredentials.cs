using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>The mailbox IMAP logs in as. The password never appears in output.</summary>
public sealed record MailCredentials(string User, string Password)
{
    public const string UserVariable = "MAIL_PRINCIPAL_USER";
    public const string PasswordVariable = "MAIL_PRINCIPAL_PASSWORD";
    public const string DomainVariable = "TOP_DOMAIN";

    /// <summary>
    /// The principal's login from the stack's variables, or null when they are not set. The mail
    /// servers know the account by its address, <c>&lt;MAIL_PRINCIPAL_USER&gt;@&lt;TOP_DOMAIN&gt;</c>
    /// (configurations/mail/common.sh); a stack without TOP_DOMAIN logs in with the name as given.
    /// </summary>
    public static MailCredentials? From(StackVariables variables)
    {
        if (variables[UserVariable] is not { Length: > 0 } user || variables[PasswordVariable] is not { Length: > 0 } password)
        {
            return null;
        }

        return new MailCredentials(
            !user.Contains('@', StringComparison.Ordinal) && variables[DomainVariable] is { Length: > 0 } domain ? $"{user}@{domain}" : user,
            password);
    }

    public override string ToString() => $"{User} (password not shown)";
}
