namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>VerifyDns found a required record missing, different or unanswered.</summary>
public sealed class DnsCheckFailedException(string message) : Exception(message);
