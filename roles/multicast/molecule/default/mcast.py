#!/usr/bin/env python3
"""TV test tool. `send ADDR GROUP`: 30 datagrams, TTL 8, out of the interface holding ADDR.
`receive ADDR GROUP`: join GROUP on ADDR's interface, print how many datagrams arrive in 8 s."""
import socket
import sys
import time

PORT = 5004
mode, address, group = sys.argv[1:4]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
if mode == "send":
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 8)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(address))
    for number in range(30):
        sock.sendto(b"tv %d" % number, (group, PORT))
        time.sleep(0.1)
else:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((group, PORT))
    membership = socket.inet_aton(group) + socket.inet_aton(address)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    received, deadline = 0, time.monotonic() + 8
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            sock.recv(1500)
        except TimeoutError:
            break
        received += 1
    print(received)
