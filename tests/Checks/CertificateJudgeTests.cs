using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Checks;

/// <summary>
/// The validity window of every certificate in the chain, at its edges: a chain of root, intermediate
/// and leaf made in memory, each with the dates a test gives, judged at a fixed instant.
/// </summary>
public class CertificateJudgeTests
{
    private const string Name = "cloud.example.org";
    private const string Intermediate = "CN=judge test intermediate";

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LongAgo = Now.AddYears(-1);
    private static readonly DateTimeOffset FarAhead = Now.AddYears(1);

    private static CertificateFinding Judge(
        (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? root = null,
        (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? intermediate = null,
        (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? leaf = null)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootCertificate = Issue("CN=judge test root", rootKey, null, null, root ?? (LongAgo, FarAhead), isCa: true);
        var intermediateCertificate = Issue(Intermediate, intermediateKey, rootCertificate, rootKey, intermediate ?? (LongAgo, FarAhead), isCa: true);
        var leafCertificate = Issue($"CN={Name}", leafKey, intermediateCertificate, intermediateKey, leaf ?? (LongAgo, FarAhead), isCa: false);

        var judge = new CertificateJudge([rootCertificate], warnDays: 14, new FixedClock(Now));
        return judge.Judge(Name, leafCertificate, [leafCertificate, intermediateCertificate]);
    }

    /// <summary>
    /// Signs with the issuer's key and name directly: CertificateRequest's usual overload refuses a
    /// child outliving its issuer, which is exactly the chain these tests need.
    /// </summary>
    private static X509Certificate2 Issue(
        string subject, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, (DateTimeOffset NotBefore, DateTimeOffset NotAfter) validity, bool isCa)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(subjectKeyId);
        if (!isCa)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(Name);
            request.CertificateExtensions.Add(names.Build());
        }

        if (issuer is null)
        {
            return request.CreateSelfSigned(validity.NotBefore, validity.NotAfter);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), validity.NotBefore, validity.NotAfter, RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    [Fact]
    public void A_chain_valid_now_is_ok()
    {
        var finding = Judge();

        Assert.Equal((CheckState.Ok, "certificate valid until 2027-12-07"), (finding.State, finding.Reason));
    }

    [Fact]
    public void A_leaf_behind_an_expired_intermediate_fails_naming_the_intermediate()
    {
        var finding = Judge(intermediate: (LongAgo, Now.AddDays(-2)));

        Assert.Equal((CheckState.Fail, $"'{Intermediate}' in its chain expired on 2026-12-05"), (finding.State, finding.Reason));
    }

    [Fact]
    public void A_leaf_expiring_exactly_now_has_expired()
    {
        var finding = Judge(leaf: (LongAgo, Now));

        Assert.Equal((CheckState.Fail, "expired on 2026-12-07"), (finding.State, finding.Reason));
    }

    [Theory]
    [InlineData(0, CheckState.Fail)]
    [InlineData(1, CheckState.Ok)]
    public void An_intermediate_expiring_exactly_now_has_expired_and_one_second_later_has_not(int secondsLeft, CheckState expected) =>
        Assert.Equal(expected, Judge(intermediate: (LongAgo, Now.AddSeconds(secondsLeft))).State);

    [Fact]
    public void A_leaf_valid_from_one_second_ahead_is_not_yet_valid()
    {
        var finding = Judge(leaf: (Now.AddSeconds(1), FarAhead));

        Assert.Equal((CheckState.Fail, "not valid before 2026-12-07"), (finding.State, finding.Reason));
    }

    [Theory]
    [InlineData(1, CheckState.Fail)]
    [InlineData(0, CheckState.Ok)]
    public void An_intermediate_valid_from_one_second_ahead_is_not_yet_valid_and_from_now_is(int secondsAhead, CheckState expected)
    {
        var finding = Judge(intermediate: (Now.AddSeconds(secondsAhead), FarAhead));

        Assert.Equal(expected, finding.State);
        Assert.Equal(expected == CheckState.Fail ? $"'{Intermediate}' in its chain not valid before 2026-12-07" : "certificate valid until 2027-12-07", finding.Reason);
    }

    [Fact]
    public void A_root_not_yet_valid_fails_naming_the_root()
    {
        var finding = Judge(root: (Now.AddDays(1), FarAhead));

        Assert.Equal((CheckState.Fail, "'CN=judge test root' in its chain not valid before 2026-12-08"), (finding.State, finding.Reason));
    }
}
