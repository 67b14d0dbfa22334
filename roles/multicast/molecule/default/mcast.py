#!/usr/bin/env python3
"""TV test tool.
`send ADDR GROUP PORT TTL`: 30 datagrams with that TTL, out of the interface holding ADDR.
`receive ADDR GROUP PORT`: join GROUP on ADDR's interface for 8 s; print how many datagrams
arrived and the lowest TTL they arrived with (-1 when none)."""
import socket
import sys
import time

mode, address, group, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
if mode == "send":
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, int(sys.argv[5]))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(address))
    for number in range(30):
        sock.sendto(b"tv %d" % number, (group, port))
        time.sleep(0.1)
else:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_IP, getattr(socket, "IP_RECVTTL", 12), 1)  # Linux value; Python lacks the name
    sock.bind((group, port))
    membership = socket.inet_aton(group) + socket.inet_aton(address)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    received, lowest, deadline = 0, -1, time.monotonic() + 8
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            _, ancillary, _, _ = sock.recvmsg(1500, socket.CMSG_SPACE(4))
        except TimeoutError:
            break
        received += 1
        for level, kind, data in ancillary:
            if level == socket.IPPROTO_IP and kind == socket.IP_TTL:
                ttl = int.from_bytes(data[:4], sys.byteorder)
                lowest = ttl if lowest < 0 else min(lowest, ttl)
    print(received, lowest)
