"""Verify a message's DKIM signature as a receiving server does (dkimpy, key from DNS).

usage: dkim_verify.py < message     exit 0 when the signature verifies
"""

import sys

import dkim

message = sys.stdin.buffer.read()
if b"DKIM-Signature:" not in message:
    print("no DKIM-Signature header", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if dkim.verify(message) else 1)
