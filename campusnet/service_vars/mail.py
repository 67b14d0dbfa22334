"""Inputs of the mail role (Postfix, Dovecot, rspamd) and the campus domain's mail records.

Members' addresses live in the directory (``m0042@<domain>``); what the inventory adds
here is the club and role addresses (aliases to a club's owner, lists to its members,
postmaster and friends), who may send as them, and the DNS records (MX, SPF, DKIM, DMARC)
handed to the dns_authoritative role through ``router_vars.dns_zones``.
"""

from __future__ import annotations

import base64
from typing import Any

from campusnet.model import Campus
from campusnet.render.quote import quote_bind
from campusnet.service_vars import directory

TXT_CHUNK = 255  # one character-string of a TXT record holds at most 255 bytes (RFC 1035)


def _mailboxes(campus: Campus) -> set[str]:
    """Members that receive mail: active, with a login (mailbox) or a forward."""
    return {m.id for m in campus.members if m.active and (m.password_hash or m.mail_forward)}


def _logins(campus: Campus) -> set[str]:
    return {m.id for m in campus.members if m.active and m.password_hash}


def addresses(campus: Campus) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(aliases: address -> recipient addresses, senders: address -> logins that may send as it).

    An address none of whose members can receive mail is left out (mail to it is refused
    at RCPT, like any unknown address) rather than silently dropped.
    """
    domain = campus.settings.domain
    boxes, logins = _mailboxes(campus), _logins(campus)
    entries: list[tuple[str, list[str], list[str]]] = [
        (local, readers, readers) for local, readers in sorted(campus.mail.aliases.items())]
    for club in (campus.clubs[name] for name in sorted(campus.clubs)):
        everyone = sorted({club.owner, *club.members})
        entries += [(local, [club.owner], [club.owner]) for local in club.mail_aliases]
        entries += [(local, everyone, [club.owner]) for local in club.mail_lists]
    aliases, senders = [], []
    for local, readers, writers in entries:
        recipients = [f"{r}@{domain}" for r in readers if r in boxes]
        if recipients:
            aliases.append({"address": f"{local}@{domain}", "recipients": recipients})
        allowed = sorted({w for w in writers if w in logins})
        if allowed:
            senders.append({"address": f"{local}@{domain}", "logins": allowed})
    return aliases, senders


def server(campus: Campus, host: str) -> dict[str, Any]:
    """Public inputs of the mail role on ``host``."""
    domain = campus.settings.domain
    hostname = f"{host}.{domain}"
    aliases, senders = addresses(campus)
    return {
        "mail_domain": domain,
        "mail_hostname": hostname,
        "mail_tls_names": [hostname],
        "mail_ldap_uri": directory.client(campus)["directory_client_uri"],
        "mail_ldap_base_dn": directory.base_dn(domain),
        "mail_ldap_bind_dn": directory.service_dn(campus, host),
        "mail_aliases": aliases,
        "mail_senders": senders,
        "mail_dkim_selector": campus.mail.dkim_selector,
        "mail_dns_servers": [str(s.ipv4) for s in campus.services("dns")],
    }


def private_server(campus: Campus) -> dict[str, Any]:
    return {"mail_dkim_private_key": campus.secrets.dkim_private_key or ""}


def dkim_record(private_pem: str) -> str:
    """The DKIM key record's text: p= is base64 of the key's SubjectPublicKeyInfo (RFC 6376 3.6.1)."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


def txt(text: str) -> str:
    """A TXT record's zone-file text: character-strings of at most 255 bytes, each quoted."""
    return " ".join(quote_bind(text[i : i + TXT_CHUNK]) for i in range(0, len(text), TXT_CHUNK))


def records(domain: str, hosts: list[str], selector: str, policy: str, private_pem: str) -> list[dict[str, str]]:
    """MX (one per mail host, in order), SPF, DKIM and DMARC records of ``domain``, as zone-file text."""
    result = [{"name": "@", "type": "MX", "value": f"{10 * (n + 1)} {host}."} for n, host in enumerate(hosts)]
    return result + [
        {"name": "@", "type": "TXT", "value": txt("v=spf1 mx -all")},
        {"name": f"{selector}._domainkey", "type": "TXT", "value": txt(dkim_record(private_pem))},
        {"name": "_dmarc", "type": "TXT", "value": txt(f"v=DMARC1; p={policy}; rua=mailto:postmaster@{domain}")},
    ]


def dns_records(campus: Campus) -> list[dict[str, str]]:
    """The campus domain's mail records (empty without a mail server)."""
    servers = campus.services("mail")
    key = campus.secrets.dkim_private_key
    if not servers or key is None:
        return []
    domain = campus.settings.domain
    return records(domain, [f"{s.name}.{domain}" for s in servers], campus.mail.dkim_selector, campus.mail.dmarc_policy, key)
