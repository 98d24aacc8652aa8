using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>
/// Asks a DNS server for every expected record at once and compares what it answers: names and
/// trailing dots normalised, TXT strings joined, tag lists (DKIM, DMARC) compared tag by tag.
/// </summary>
public sealed class DnsVerifier
{
    private readonly LookupClient _client;

    /// <param name="server">The server to ask; null for the system's resolvers.</param>
    public DnsVerifier(IPEndPoint? server, TimeSpan timeout)
    {
        var options = server is null ? new LookupClientOptions() : new LookupClientOptions(server);
        options.Timeout = timeout;
        options.Retries = 0;
        options.UseCache = false;
        options.ThrowDnsErrors = false;
        _client = new LookupClient(options);
    }

    public async Task<IReadOnlyList<DnsCheck>> VerifyAsync(IReadOnlyList<DnsRecord> records, CancellationToken cancellation = default) =>
        await Task.WhenAll(records.Select(record => CheckAsync(record, cancellation)));

    private async Task<DnsCheck> CheckAsync(DnsRecord record, CancellationToken cancellation)
    {
        var check = await CheckAtAsync(record, record.Name, cancellation);
        // A CAA set applies to the names below it: without one of its own, a name is covered by its
        // closest parent's (RFC 8659 section 3), up to the top-level domain. A parent the server does
        // not answer for (one outside its zones, refused) ends the climb: nothing was found below it.
        var parent = record.Name;
        while (record.Type == "CAA" && check.Status == DnsCheckStatus.Missing && parent.Split('.', StringSplitOptions.RemoveEmptyEntries).Length > 1)
        {
            parent = parent[(parent.IndexOf('.') + 1)..];
            var above = await CheckAtAsync(record, parent, cancellation);
            if (above.Status is DnsCheckStatus.Error or DnsCheckStatus.Timeout)
            {
                break;
            }

            check = above;
        }

        return check;
    }

    private async Task<DnsCheck> CheckAtAsync(DnsRecord record, string name, CancellationToken cancellation)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, Enum.Parse<QueryType>(record.Type), QueryClass.IN, cancellation);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            return new DnsCheck(record, DnsCheckStatus.Timeout, [], "no answer in time");
        }
        catch (DnsResponseException e)
        {
            return new DnsCheck(record, DnsCheckStatus.Error, [], e.Message);
        }

        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            return new DnsCheck(record, DnsCheckStatus.Error, [], response.ErrorMessage);
        }

        var found = response.Answers
            .Select(Comparable)
            .OfType<string>()
            .Where(value => DnsValues.SameKind(record, value))
            .ToList();
        if (found.Count == 0)
        {
            return new DnsCheck(record, DnsCheckStatus.Missing, []);
        }

        return new DnsCheck(record, found.Any(value => DnsValues.Equal(record, value)) ? DnsCheckStatus.Ok : DnsCheckStatus.Different, found);
    }

    /// <summary>An answer in the form <see cref="DnsRecord.Value"/> has; null for answers of another type (a CNAME on the way).</summary>
    private static string? Comparable(DnsResourceRecord answer) => answer switch
    {
        MxRecord mx => $"{mx.Preference} {mx.Exchange.Value}",
        TxtRecord txt => string.Concat(txt.Text),
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        SrvRecord srv => $"{srv.Priority} {srv.Weight} {srv.Port} {srv.Target.Value}",
        CaaRecord caa => $"{caa.Flags} {caa.Tag} \"{caa.Value}\"",
        PtrRecord ptr => ptr.PtrDomainName.Value,
        _ => null,
    };
}
