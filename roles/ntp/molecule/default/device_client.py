#!/usr/bin/env python3
"""Act as a switch or an AP towards the router's time and log services.

`device_client.py sntp SOURCE SERVER`: one SNTP request (RFC 4330) from SOURCE; prints
  JSON: the reply's leap indicator, stratum and offset, or {"reply": false}. A device
  accepts the reply only if the leap indicator is not 3 (unsynchronised) and the stratum
  is 1 to 15 (RFC 4330, section 5), as the ProCurve and OpenWrt SNTP clients do.
`device_client.py syslog SOURCE SERVER MESSAGE`: one BSD syslog datagram (RFC 3164) from
  SOURCE to SERVER:514, as the devices send them.
`device_client.py silent-dns ADDRESS`: a name server on ADDRESS:53 that never answers
  (a resolver down or unreachable): reads nothing, runs until killed.
"""
import json
import socket
import struct
import sys
import time

NTP_EPOCH = 2208988800  # 1900-01-01 to 1970-01-01, seconds

command, source = sys.argv[1:3]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if command == "silent-dns":
    sock.bind((source, 53))
    while True:
        time.sleep(3600)
server = sys.argv[3]
sock.bind((source, 0))
if command == "syslog":
    sock.sendto(sys.argv[4].encode(), (server, 514))
    sys.exit(0)
sock.settimeout(3)
request = bytearray(48)
request[0] = (0 << 6) | (4 << 3) | 3  # LI 0, version 4, mode 3 (client)
sent = time.time()
sock.sendto(bytes(request), (server, 123))
try:
    reply = sock.recv(512)
except TimeoutError:
    print(json.dumps({"reply": False}))
    sys.exit(0)
seconds, fraction = struct.unpack("!II", reply[40:48])
print(json.dumps({"reply": True, "leap": reply[0] >> 6, "mode": reply[0] & 7, "stratum": reply[1],
                  "offset": seconds - NTP_EPOCH + fraction / 2**32 - (sent + time.time()) / 2}))
