namespace PrivateCloud.Tasks.Mail.Dkim;

/// <summary>
/// The DKIM key files of one selector and what <see cref="DkimKeyStore.Ensure"/> did to them.
/// <see cref="Written"/> is empty when everything was already in place.
/// </summary>
public sealed record DkimKeyFiles(
    string PrivateKeyPath,
    string PublicKeyPath,
    string TxtPath,
    string TxtValue,
    bool Created,
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Warnings);
