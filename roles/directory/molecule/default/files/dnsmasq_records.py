"""The campus domain's mail records as the DNS role serves them, written for dnsmasq.

usage: dnsmasq_records.py DOMAIN MAILHOST SELECTOR POLICY DKIM_KEY_FILE
Computes the records with the package (campusnet.service_vars.mail.records) and prints
dnsmasq lines: the test's resolver then answers SPF, DKIM and DMARC questions exactly
as the campus DNS would.
"""

import re
import sys

from campusnet.service_vars.mail import records

domain, host, selector, policy, key_file = sys.argv[1:6]
with open(key_file, encoding="ascii") as handle:
    key = handle.read()
for record in records(domain, [host], selector, policy, key):
    name = domain if record["name"] == "@" else f"{record['name']}.{domain}"
    if record["type"] == "MX":
        preference, target = record["value"].split()
        print(f"mx-host={name},{target.rstrip('.')},{preference}")
    else:  # TXT: zone-file character-strings "..." "..." become dnsmasq's "...","..."
        print(f"txt-record={name}," + ",".join(f'"{s}"' for s in re.findall(r'"((?:[^"\\]|\\.)*)"', record["value"])))
