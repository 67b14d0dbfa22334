#!/usr/bin/env python3
"""Stand-in for a switch's or access point's RFC 5176 dynamic-authorization server (UDP 3799).

`coa_standin.py SECRET SECONDS [ADDRESS]`: listen on ADDRESS (default: all the host's
addresses; one device per address), wait up to SECONDS for one Disconnect-Request whose
Request Authenticator is right for SECRET (MD5 of the packet with 16 zero octets in
place of the authenticator, then the secret: RFC 5176 section 3.5), answer it with a
Disconnect-ACK signed the same way as a RADIUS response (RFC 2865 section 3), and print
what arrived as JSON. A packet with a wrong authenticator is recorded and not answered,
as a real switch would drop it."""
import hashlib
import json
import socket
import struct
import sys
import time

secret, seconds = sys.argv[1].encode(), float(sys.argv[2])
address = sys.argv[3] if len(sys.argv) > 3 else "0.0.0.0"
NAMES = {1: "User-Name", 4: "NAS-IP-Address", 31: "Calling-Station-Id", 44: "Acct-Session-Id"}
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((address, 3799))
seen, deadline = [], time.monotonic() + seconds
while (left := deadline - time.monotonic()) > 0:
    sock.settimeout(left)
    try:
        packet, peer = sock.recvfrom(4096)
    except TimeoutError:
        break
    code, ident, length = struct.unpack("!BBH", packet[:4])
    authenticator, body = packet[4:20], packet[20:length]
    valid = hashlib.md5(packet[:4] + bytes(16) + body + secret).digest() == authenticator
    attributes, offset = {}, 0
    while offset + 2 <= len(body):
        kind, size = body[offset], body[offset + 1]
        value = body[offset + 2:offset + size]
        attributes[NAMES.get(kind, str(kind))] = (socket.inet_ntoa(value) if kind == 4 else value.decode(errors="replace"))
        offset += size
    seen.append({"code": code, "from": peer[0], "valid": valid, "attributes": attributes})
    if valid and code == 40:  # Disconnect-Request -> Disconnect-ACK
        header = struct.pack("!BBH", 41, ident, 20)
        sock.sendto(header + hashlib.md5(header + authenticator + secret).digest(), peer)
        break
print(json.dumps(seen))
