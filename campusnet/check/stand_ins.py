"""Stand-ins for files roles make on a host by other means than templates (meta/check.yml
``made_on_host``): one throw-away self-signed certificate and its key, or an empty file.

They exist only so that the render run (a slurp of a CA certificate from another host)
and the checkers (slaptest reading a key pair) meet a file of the right kind; their
content means nothing and is made fresh for each run.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

KINDS = ("certificate", "private_key", "empty")


def write(directory: Path) -> dict[str, Path]:
    """kind -> a file of that kind in ``directory`` (created, mode 0600)."""
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "campusnet check stand-in")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    contents = {
        "certificate": certificate.public_bytes(serialization.Encoding.PEM),
        "private_key": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()),
        "empty": b"",
    }
    files = {}
    for kind, data in contents.items():
        path = directory / f"stand-in-{kind}"
        path.touch(mode=0o600)
        path.write_bytes(data)
        files[kind] = path
    return files
