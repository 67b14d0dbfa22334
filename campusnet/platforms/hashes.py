"""Deterministic password hashes for device configurations.

A device stores a hash, never the password; rendering the same password twice must
give the same text (golden files, empty diffs), so salts derive from the device and
user names instead of a random source.
"""

from __future__ import annotations

import hashlib

_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def stable_salt(*parts: str, length: int = 4) -> str:
    """A salt in the crypt alphabet, the same for the same parts."""
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return "".join(_ITOA64[b % 64] for b in digest[:length])


def md5_crypt(password: str, salt: str) -> str:
    """``$1$salt$hash`` (FreeBSD MD5-crypt), what Cisco IOS keeps as ``secret 5``."""
    secret, salt_bytes = password.encode(), salt[:8].encode()
    alternate = hashlib.md5(secret + salt_bytes + secret).digest()
    context = secret + b"$1$" + salt_bytes
    for remaining in range(len(secret), 0, -16):
        context += alternate[: min(16, remaining)]
    bit = len(secret)
    while bit:
        context += b"\0" if bit & 1 else secret[:1]
        bit >>= 1
    final = hashlib.md5(context).digest()
    for round_ in range(1000):
        step = secret if round_ & 1 else final
        if round_ % 3:
            step += salt_bytes
        if round_ % 7:
            step += secret
        step += final if round_ & 1 else secret
        final = hashlib.md5(step).digest()
    groups = ((0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5))
    encoded = "".join(_to64((final[a] << 16) | (final[b] << 8) | final[c], 4) for a, b, c in groups)
    return f"$1${salt[:8]}${encoded}{_to64(final[11], 2)}"


def _to64(value: int, count: int) -> str:
    chars = []
    for _ in range(count):
        chars.append(_ITOA64[value & 0x3F])
        value >>= 6
    return "".join(chars)


def sha1_hex(password: str) -> str:
    """ProCurve's ``password ... sha1`` form: unsalted SHA-1, hex (the device's choice)."""
    return hashlib.sha1(password.encode()).hexdigest()
