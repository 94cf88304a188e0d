#!/usr/bin/python3
"""libvirt-python side of DomainList.Bench.ps1 and DomainStatistics.Bench.ps1 (run with /usr/bin/python3, Debian
package python3-libvirt).

usage: domainlist.py URI MODE RUNS
  MODE loop:     listAllDomains() then name(), UUIDString(), info() of each domain (info() is a call per domain)
  MODE stats:    getAllDomainStats() (state, vcpu, balloon) then name(), UUIDString() of each returned domain (one call)
  MODE allstats: getAllDomainStats(0) (every group the driver has, as Get-DomainStatistics without -Group), then
                 name(), UUIDString() and every value of each record (so the records are read, not only returned)
Connects once, does one warm-up, then RUNS timed runs; prints JSON {"count": n, "ms": [..]} on stdout.
Process start-up and the connection are not timed, like the PowerShell side.
"""
import json
import sys
import time

import libvirt


def loop(conn):
    n = 0
    for d in conn.listAllDomains():
        d.name()
        d.UUIDString()
        d.info()
        n += 1
    return n


def stats(conn):
    n = 0
    for d, _ in conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE | libvirt.VIR_DOMAIN_STATS_VCPU
                                        | libvirt.VIR_DOMAIN_STATS_BALLOON):
        d.name()
        d.UUIDString()
        n += 1
    return n


def allstats(conn):
    n = 0
    for d, record in conn.getAllDomainStats(0):
        d.name()
        d.UUIDString()
        for k in record:
            record[k]
        n += 1
    return n


def main():
    uri, mode, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fn = {"loop": loop, "stats": stats, "allstats": allstats}[mode]
    conn = libvirt.open(uri)
    try:
        count = fn(conn)  # warm-up
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            n = fn(conn)
            times.append((time.perf_counter() - t0) * 1000.0)
            if n != count:
                raise RuntimeError("domain count changed: %d then %d" % (count, n))
    finally:
        conn.close()
    print(json.dumps({"count": count, "ms": times}))


if __name__ == "__main__":
    main()
