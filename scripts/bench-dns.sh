#!/usr/bin/env bash
# The whole VerifyDns check (every record of MailDnsRecords, queried at once) against one query's
# round trip, both to the same dnsmasq on loopback, in one warm process: RUNS runs each (default 50),
# medians and their ratio. Goal: the whole check takes at most 1.5 times one query.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v dnsmasq >/dev/null || { echo "dnsmasq is needed (apt-get install dnsmasq)" >&2; exit 1; }
dotnet build scripts/bench-dns/DnsBench.csproj -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet scripts/bench-dns/bin/Release/net10.0/DnsBench.dll
