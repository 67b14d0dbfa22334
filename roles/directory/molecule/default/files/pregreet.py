"""Talk before the greeting, as spam bots do, then try to deliver; print every reply.

usage: pregreet.py HOST
"""

import socket
import sys

with socket.create_connection((sys.argv[1], 25), timeout=20) as conn:
    conn.sendall(b"EHLO bot.outside.example\r\n")  # before the server's 220: a protocol violation
    replies = conn.makefile("rb")
    for command in (b"MAIL FROM:<bot@outside.example>", b"RCPT TO:<m0001@campus.example>", b"QUIT"):
        conn.sendall(command + b"\r\n")
    for line in replies:
        sys.stdout.write(line.decode("ascii", "replace"))
