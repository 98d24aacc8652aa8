using System.Security.Cryptography;

namespace PrivateCloud.Tasks.Mail.Dkim;

/// <summary>What a DKIM key publishes in DNS.</summary>
public static class DkimRecord
{
    /// <summary>
    /// The variable naming the domain the mail server signs for (<c>d=</c>), and so the domain
    /// the record is published under: TOP_DOMAIN, the domain of the From addresses, as the original
    /// stack signed. smtpd.conf.template's filter reads the same variable; a test compares them.
    /// </summary>
    public const string SigningDomainVariable = "TOP_DOMAIN";

    /// <summary>The DNS name that holds the record: <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.</summary>
    public static string Name(string selector, string domain) => $"{selector}._domainkey.{domain.TrimEnd('.')}";

    /// <summary>
    /// The TXT value <c>v=DKIM1; k=rsa; p=&lt;base64 DER SubjectPublicKeyInfo&gt;</c>, as one logical
    /// string: splitting it into 255-byte character-strings is the DNS publisher's job.
    /// </summary>
    public static string TxtValue(RSA key) =>
        $"v=DKIM1; k=rsa; p={Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}";
}
