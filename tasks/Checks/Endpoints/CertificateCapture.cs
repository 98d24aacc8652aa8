using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>
/// The TLS validation callback of one connection: judges what the server presented and keeps the
/// finding. A failing certificate ends the handshake, so no request and no password reaches a
/// server that may not be the one asked for.
/// </summary>
public sealed class CertificateCapture(CertificateJudge judge, string name)
{
    public CertificateFinding? Finding { get; private set; }

    /// <summary>The key size, judged apart from <see cref="Finding"/>: a small key does not end the handshake.</summary>
    public TlsFinding? KeyFinding { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Finding = new CertificateFinding(CheckState.Fail, "the server presented no certificate", DateTimeOffset.MinValue);
            return false;
        }

        var presented = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var intermediates = chain?.ChainElements.Select(element => element.Certificate) ?? [];
        Finding = judge.Judge(name, presented, intermediates);
        KeyFinding = judge.JudgeKey(presented);
        return Finding.State != CheckState.Fail;
    }
}
