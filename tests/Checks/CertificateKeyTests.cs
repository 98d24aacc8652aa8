using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tests.Checks;

/// <summary>CertificateJudge's key size grade at its boundaries: RSA 2048 and EC 256 pass, anything smaller fails.</summary>
public sealed class CertificateKeyTests
{
    private const string Fix = "renew the certificate with an RSA key of 2048 bits or more, or an EC key of 256 (P-256)";

    private static readonly CertificateJudge Judge = new(trustedRoots: null, warnDays: 14, TimeProvider.System);

    [Theory]
    [InlineData(2048, CheckState.Ok, "RSA 2048-bit key")]
    [InlineData(4096, CheckState.Ok, "RSA 4096-bit key")]
    [InlineData(2040, CheckState.Fail, $"RSA key of 2040 bits, under 2048: {Fix}")]
    [InlineData(1024, CheckState.Fail, $"RSA key of 1024 bits, under 2048: {Fix}")]
    public void Rsa_keys_need_2048_bits(int bits, CheckState state, string text)
    {
        using var key = RSA.Create(bits);
        using var certificate = new CertificateRequest("CN=key.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(new TlsFinding(state, text), Judge.JudgeKey(certificate));
    }

    [Theory]
    [InlineData("nistP256", CheckState.Ok, "EC 256-bit key")]
    [InlineData("nistP384", CheckState.Ok, "EC 384-bit key")]
    [InlineData("secp224r1", CheckState.Fail, $"EC key of 224 bits, under 256: {Fix}")]
    public void Ec_keys_need_256_bits(string curve, CheckState state, string text)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var certificate = new CertificateRequest("CN=key.test", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(new TlsFinding(state, text), Judge.JudgeKey(certificate));
    }
}
