"""Inputs of the directory role (OpenLDAP slapd) and of the servers that log members in.

The tree, the login attribute, the hash formats and the service accounts' rights are
described for the directory's clients in roles/directory/README.md. Everything that names
a member here names the pseudonymous id; hashes and forwarding addresses only leave
through ``private_server`` (the lookup plugin), never as host variables.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from campusnet.model import Campus, Server

#: What each service's account may read, per subtree; slapd.conf's ACLs are built from it.
#: No service reads userPassword: they check a password by binding as the member.
SERVICE_READS: dict[str, dict[str, tuple[str, ...]]] = {
    "mail": {"people": ("entry", "objectClass", "uid", "mail", "mailLocalAddress", "mailRoutingAddress")},
    "radius": {"people": ("entry", "objectClass", "uid")},
    "print": {"people": ("entry", "objectClass", "uid", "cn", "uidNumber", "gidNumber", "homeDirectory", "loginShell"),
              "groups": ("entry", "objectClass", "cn", "member")},
}
SUBTREES = ("people", "groups")
UID_BASE = 100000  # uidNumber = UID_BASE + the member id's number: m0042 -> 100042


def base_dn(domain: str) -> str:
    """campus.example -> dc=campus,dc=example."""
    return ",".join(f"dc={label}" for label in domain.split("."))


def directory_server(campus: Campus) -> Server | None:
    found = campus.services("directory")
    return found[0] if found else None


def uses_directory(campus: Campus, host: str) -> bool:
    """Whether ``host`` runs a service that logs members in (it gets a service account)."""
    return bool(set(campus.servers[host].services) & set(SERVICE_READS))


def _service_accounts(campus: Campus) -> list[dict[str, Any]]:
    accounts = []
    for server in sorted(campus.servers.values(), key=lambda s: s.name):
        reads = [SERVICE_READS[s] for s in server.services if s in SERVICE_READS]
        if reads:
            accounts.append({"name": server.name, **{tree: sorted({a for r in reads for a in r.get(tree, ())})
                                                     for tree in SUBTREES}})
    return accounts


def server(campus: Campus, host: str) -> dict[str, Any]:
    """Public inputs of the directory role: tree, TLS names, club groups, service rights."""
    domain = campus.settings.domain
    active = {m.id for m in campus.members if m.active}
    return {
        "directory_base_dn": base_dn(domain),
        "directory_mail_domain": domain,
        "directory_tls_names": [f"{host}.{domain}"],
        "directory_groups": [
            {"name": name, "owner": club.owner if club.owner in active else "",
             "members": sorted({club.owner, *club.members} & active)}
            for name, club in sorted(campus.clubs.items())],
        "directory_service_accounts": _service_accounts(campus),
    }


def private_server(campus: Campus) -> dict[str, Any]:
    """The members' accounts (hashes, forwarding) and the service accounts' password hashes."""
    return {
        "directory_members": [
            {"id": m.id, "uid_number": UID_BASE + int(m.id[1:]), "active": m.active,
             "password_hash": (m.password_hash or "") if m.active else "",
             "mail": m.active and bool(m.password_hash or m.mail_forward),
             "forward": (m.mail_forward or "") if m.active else ""}
            for m in sorted(campus.members, key=lambda m: m.id)],
        "directory_service_passwords": {
            account["name"]: _ssha(campus, account["name"]) for account in _service_accounts(campus)},
    }


def service_dn(campus: Campus, host: str) -> str:
    """The service account ``host`` binds as."""
    return f"cn={host},ou=services,{base_dn(campus.settings.domain)}"


def client(campus: Campus) -> dict[str, Any]:
    """Where a server that logs members in finds the directory (the role's client entry point)."""
    directory = directory_server(campus)
    domain = campus.settings.domain
    return {
        "directory_client_uri": f"ldap://{directory.name}.{domain}" if directory else "",
        "directory_client_base_dn": base_dn(domain),
    }


def _derive(campus: Campus, purpose: str) -> bytes:
    secret = campus.secrets.directory_secret
    if secret is None:  # derive refuses a directory without it; this is a programming error
        raise ValueError("secrets.directory_secret is not set")
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def bind_password(campus: Campus, host: str) -> str:
    """The service account password of ``host``: 256 bits derived from the vault secret."""
    return base64.urlsafe_b64encode(_derive(campus, f"service:{host}")).decode().rstrip("=")


def _ssha(campus: Campus, host: str) -> str:
    """{SSHA} of the bind password, with a derived salt so the entry stays the same run to run.

    A fast hash is enough for a 256-bit random secret (no dictionary to try).
    """
    salt = _derive(campus, f"salt:{host}")[:8]
    digest = hashlib.sha1(bind_password(campus, host).encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()
