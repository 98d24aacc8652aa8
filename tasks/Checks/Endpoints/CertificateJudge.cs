using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>
/// Judges the certificate an endpoint presented: it must chain to the trusted roots (the system's,
/// or only those of --ca-file), be valid for the name asked for, and not expire soon; every
/// certificate of its chain must be valid now.
/// </summary>
public sealed class CertificateJudge(X509Certificate2Collection? trustedRoots, int warnDays, TimeProvider clock)
{
    /// <summary>A certificate expiring in fewer days than this fails: renewal has already gone wrong.</summary>
    public const int FailDays = 3;

    /// <summary>The smallest RSA and EC keys a rating accepts.</summary>
    public const int MinimumRsaBits = 2048;

    public const int MinimumEcBits = 256;

    public CertificateFinding Judge(string name, X509Certificate2 certificate, IEnumerable<X509Certificate2> presentedChain)
    {
        var now = clock.GetUtcNow();
        using var chain = Chain(certificate, presentedChain, now);
        var trusted = chain.Build(certificate);
        var problems = new List<string>();
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        problems.AddRange(chain.ChainElements.Cast<X509ChainElement>().Select((element, index) => OutsideValidity(element.Certificate, isLeaf: index == 0, now)).OfType<string>());

        if (!certificate.MatchesHostname(name))
        {
            problems.Add($"name mismatch: the certificate is for {string.Join(", ", NamesOf(certificate))}, not {name}");
        }

        if (!trusted)
        {
            problems.Add(Untrusted(chain, certificate));
        }

        if (problems.Count > 0)
        {
            return new CertificateFinding(CheckState.Fail, string.Join("; ", problems), notAfter);
        }

        var daysLeft = (int)Math.Floor((notAfter - now).TotalDays);
        var expiry = string.Create(CultureInfo.InvariantCulture, $"expires on {Day(notAfter)}, in {daysLeft} day{(daysLeft == 1 ? string.Empty : "s")}");
        return daysLeft < FailDays ? new CertificateFinding(CheckState.Fail, expiry, notAfter)
            : daysLeft < warnDays ? new CertificateFinding(CheckState.Warn, expiry, notAfter)
            : new CertificateFinding(CheckState.Ok, string.Create(CultureInfo.InvariantCulture, $"certificate valid until {Day(notAfter)}"), notAfter);
    }

    /// <summary>
    /// Judges the size of the certificate's key as a rating does: RSA of at least 2048 bits, EC of at
    /// least 256; any other kind of key fails. Apart from <see cref="Judge"/>: a small key ends no
    /// handshake, so the endpoint's other answers are still checked.
    /// </summary>
    public TlsFinding JudgeKey(X509Certificate2 certificate)
    {
        const string fix = "renew the certificate with an RSA key of 2048 bits or more, or an EC key of 256 (P-256)";
        using var rsa = certificate.GetRSAPublicKey();
        using var ec = rsa is null ? certificate.GetECDsaPublicKey() : null;
        if (rsa is null && ec is null)
        {
            return new TlsFinding(CheckState.Fail, $"a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key: {fix}");
        }

        var (kind, bits, least) = rsa is not null ? ("RSA", rsa.KeySize, MinimumRsaBits) : ("EC", ec!.KeySize, MinimumEcBits);
        return bits < least
            ? new TlsFinding(CheckState.Fail, string.Create(CultureInfo.InvariantCulture, $"{kind} key of {bits} bits, under {least}: {fix}"))
            : new TlsFinding(CheckState.Ok, string.Create(CultureInfo.InvariantCulture, $"{kind} {bits}-bit key"));
    }

    /// <summary>
    /// Why one certificate of the chain is not valid now, or null. Clients refuse a leaf behind an
    /// expired or not yet valid intermediate as they refuse an expired leaf, so each is named by its subject.
    /// </summary>
    private static string? OutsideValidity(X509Certificate2 certificate, bool isLeaf, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var whose = isLeaf ? string.Empty : $"'{certificate.Subject}' in its chain ";
        return notAfter <= now ? $"{whose}expired on {Day(notAfter)}"
            : notBefore > now ? $"{whose}not valid before {Day(notBefore)}"
            : null;
    }

    /// <summary>The chain from the presented certificates to the trusted roots; expiry is judged apart, element by element.</summary>
    private X509Chain Chain(X509Certificate2 certificate, IEnumerable<X509Certificate2> presentedChain, DateTimeOffset now)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.ExtraStore.AddRange(presentedChain.Where(c => c.Thumbprint != certificate.Thumbprint).ToArray());
        if (trustedRoots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        }

        return chain;
    }

    /// <summary>Why the built chain does not reach a trusted root.</summary>
    private string Untrusted(X509Chain chain, X509Certificate2 certificate)
    {
        var reasons = chain.ChainStatus
            .Where(s => s.Status is not (X509ChainStatusFlags.NotTimeValid or X509ChainStatusFlags.NoError))
            .Select(s => s.StatusInformation.Trim().TrimEnd('.'))
            .Where(text => text.Length > 0)
            .Distinct()
            .ToList();
        var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate.Subject : certificate.Issuer;
        var trusted = trustedRoots is null ? "the system's trusted roots" : "the CA file";
        return $"untrusted: the chain ends at '{root}', not at {trusted}" + (reasons.Count > 0 ? $" ({string.Join(", ", reasons)})" : string.Empty);
    }

    private static IEnumerable<string> NamesOf(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        return names.Count > 0 ? names : [certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)];
    }

    private static string Day(DateTimeOffset time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
