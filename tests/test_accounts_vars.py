"""Inputs of the directory, mail and club web roles: valid for each role, right, and private
data only where it belongs (the lookup, never host variables)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from campusnet.ansible_vars import layout
from campusnet.derive import load_campus
from campusnet.model import Campus
from campusnet.service_vars import directory, mail, private, public
from tests.conftest import EXAMPLE, ROOT

#: (role, entry point, input builder): every entry point of the new roles, checked on every
#: server whose services use it.
ENTRY_POINTS = [
    ("directory", "main", lambda c, h: "directory" in c.servers[h].services),
    ("directory", "client", directory.uses_directory),
    ("mail", "main", lambda c, h: "mail" in c.servers[h].services),
]
#: Private inputs a playbook passes under the role's own name (playbooks/servers.yml).
RENAMED = {"mail": {"mail_ldap_bind_password": "directory_bind_password"}}


@pytest.fixture(scope="module")
def campus() -> Campus:
    result = load_campus(EXAMPLE).campus
    assert result is not None
    return result


def _load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("role", "entry", "applies"), ENTRY_POINTS, ids=[f"{r}-{e}" for r, e, _ in ENTRY_POINTS])
def test_inputs_pass_the_argument_specs(campus: Campus, role: str, entry: str, applies: Any) -> None:
    specs = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text())
    options = specs["argument_specs"][entry]["options"]
    defaults = yaml.safe_load((ROOT / "roles" / role / "defaults" / "main.yml").read_text()) or {}
    hosts = [h for h in campus.servers if applies(campus, h)]
    assert hosts, f"no server of the example uses {role}/{entry}"
    for host in hosts:
        given = {**public(campus, host), **private(campus, host)}
        given |= {name: given[source] for name, source in RENAMED.get(role, {}).items()}
        if entry == "client":  # the CA comes from the directory host at run time
            given["directory_client_ca_certificate"] = "-----BEGIN CERTIFICATE-----\n..."
        params = {k: v for k, v in {**defaults, **given}.items() if k in options}
        missing = [k for k, spec in options.items() if spec.get("required") and k not in given]
        assert not missing, f"{host}: {role}/{entry} gets no {missing}"
        result = ArgumentSpecValidator(options).validate(params)
        assert not result.error_messages, f"{host}/{role}/{entry}: {result.error_messages[:3]}"


def test_secrets_never_become_host_variables(campus: Campus) -> None:
    text = yaml.safe_dump(layout(campus).hostvars)
    hashes = [m.password_hash for m in campus.members if m.password_hash]
    assert hashes and not [h for h in hashes if h in text]
    assert campus.secrets.directory_secret not in text
    for host in campus.servers:
        for value in private(campus, host).values():
            assert json.dumps(value) not in text


def test_accounts_follow_membership(campus: Campus) -> None:
    entries = {m["id"]: m for m in private(campus, "srv-ldap")["directory_members"]}
    ended = [m for m in campus.members if not m.active]
    assert ended, "the example should have members whose membership ended"
    for member in ended:
        assert entries[member.id] == {**entries[member.id], "active": False, "password_hash": "", "mail": False, "forward": ""}
    with_login = next(m for m in campus.members if m.active and m.password_hash)
    assert entries[with_login.id]["password_hash"] == with_login.password_hash
    assert entries[with_login.id]["uid_number"] == 100000 + int(with_login.id[1:])
    groups = {g["name"]: g for g in public(campus, "srv-ldap")["directory_groups"]}
    inactive = {m.id for m in ended}
    assert all(not set(g["members"]) & inactive and g["owner"] not in inactive for g in groups.values())
    assert set(groups) == set(campus.clubs)


def test_service_accounts_never_read_hashes(campus: Campus) -> None:
    accounts = public(campus, "srv-ldap")["directory_service_accounts"]
    assert {a["name"] for a in accounts} == {"srv-mail", "srv-radius", "srv-print"}
    assert all("userPassword" not in a["people"] + a["groups"] for a in accounts)
    radius = next(a for a in accounts if a["name"] == "srv-radius")
    assert "mailRoutingAddress" not in radius["people"], "RADIUS must not see members' forwarding addresses"


def test_bind_password_is_stable_and_matches_the_stored_hash(campus: Campus) -> None:
    import base64
    import hashlib

    password = directory.bind_password(campus, "srv-mail")
    assert password == directory.bind_password(campus, "srv-mail") != directory.bind_password(campus, "srv-radius")
    stored = private(campus, "srv-ldap")["directory_service_passwords"]["srv-mail"]
    raw = base64.b64decode(stored.removeprefix("{SSHA}"))
    assert hashlib.sha1(password.encode() + raw[20:]).digest() == raw[:20]


# --- the campusnet_directory module (pure parts) -----------------------------------------


@pytest.fixture(scope="module")
def tree_module() -> ModuleType:
    return _load_module(ROOT / "plugins" / "modules" / "campusnet_directory.py")


def test_tree_puts_ended_members_aside_without_password(tree_module: ModuleType) -> None:
    entries = tree_module.build({
        "base_dn": "dc=campus,dc=example", "mail_domain": "campus.example", "service_passwords": {"srv-mail": "{SSHA}x"},
        "members": [{"id": "m0001", "uid_number": 100001, "active": True, "password_hash": "$6$s$h", "mail": True, "forward": "a@b.example"},
                    {"id": "m0002", "uid_number": 100002, "active": False, "password_hash": "$6$s$h", "mail": True, "forward": "c@d.example"}],
        "groups": [{"name": "photo", "owner": "m0001", "members": ["m0001"]}, {"name": "vide", "owner": "", "members": []}],
        "service_accounts": [{"name": "srv-mail"}]})
    active = entries["uid=m0001,ou=people,dc=campus,dc=example"]
    assert active["userPassword"] == ["{CRYPT}$6$s$h"] and active["mailRoutingAddress"] == ["a@b.example"]
    ended = entries["uid=m0002,ou=disabled,dc=campus,dc=example"]
    assert not {"userPassword", "mail", "mailLocalAddress", "mailRoutingAddress"} & set(ended)
    assert entries["cn=vide,ou=groups,dc=campus,dc=example"]["member"] == [""]
    assert "owner" not in entries["cn=vide,ou=groups,dc=campus,dc=example"]


def test_tree_plan_adds_parents_first_and_deletes_children_first(tree_module: ModuleType) -> None:
    base = "dc=campus,dc=example"
    current = {base: {"objectClass": ["domain"], "dc": ["campus"]},
               f"ou=people,{base}": {"objectClass": ["organizationalUnit"], "ou": ["people"]},
               f"uid=m0009,ou=people,{base}": {"objectClass": ["inetOrgPerson"], "uid": ["m0009"]},
               f"uid=m0001,ou=people,{base}": {"objectClass": ["inetOrgPerson"], "uid": ["m0001"], "mail": ["old"]}}
    desired = {base: {"objectClass": ["domain"], "dc": ["campus"]},
               f"ou=people,{base}": {"objectClass": ["organizationalUnit"], "ou": ["people"]},
               f"ou=groups,{base}": {"objectClass": ["organizationalUnit"], "ou": ["groups"]},
               f"cn=photo,ou=groups,{base}": {"objectClass": ["groupOfNames"], "member": [""]},
               f"uid=m0001,ou=people,{base}": {"objectClass": ["inetOrgPerson"], "uid": ["m0001"], "sn": ["m0001"]}}
    adds, changes, deletes = tree_module.plan(current, desired)
    assert adds == [f"ou=groups,{base}", f"cn=photo,ou=groups,{base}"]
    assert changes == {f"uid=m0001,ou=people,{base}": {"sn": ["m0001"], "mail": None}}
    assert deletes == [f"uid=m0009,ou=people,{base}"]
    assert tree_module.plan(desired, desired) == ([], {}, [])


def test_dn_values_are_escaped(tree_module: ModuleType) -> None:
    assert tree_module._escape("a,b+c") == "a\\,b\\+c"
    assert tree_module._escape(" x ") == "\\ x\\ "


# --- the private lookup, as Ansible runs it ----------------------------------------------


def test_lookup_gives_the_private_inputs_of_the_host(campus: Campus) -> None:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
    result = subprocess.run([str(Path(sys.executable).parent / "ansible"), "srv-mail", "-m", "ansible.builtin.debug",
                             "-a", "msg={{ lookup('campusnet_private', 'directory_bind_password') }}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert directory.bind_password(campus, "srv-mail") in result.stdout
    refused = subprocess.run([str(Path(sys.executable).parent / "ansible"), "srv-web", "-m", "ansible.builtin.debug",
                              "-a", "msg={{ lookup('campusnet_private', 'directory_members') }}"],
                             cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert refused.returncode != 0 and "srv-web has no private input directory_members" in refused.stdout


# --- mail --------------------------------------------------------------------------------


def test_club_and_role_addresses_reach_members_who_can_read_them(campus: Campus) -> None:
    server = public(campus, "srv-mail")
    aliases = {a["address"]: a["recipients"] for a in server["mail_aliases"]}
    receiving = {f"{m.id}@campus.example" for m in campus.members if m.active and (m.password_hash or m.mail_forward)}
    assert aliases and all(set(r) <= receiving for r in aliases.values())
    club = next(c for c in campus.clubs.values() if c.mail_lists and len(c.members) > 2)
    members = {f"{m}@campus.example" for m in {club.owner, *club.members}} & receiving
    assert set(aliases[f"{club.mail_lists[0]}@campus.example"]) == members
    assert "postmaster@campus.example" in aliases
    senders = {s["address"]: s["logins"] for s in server["mail_senders"]}
    assert all(len(logins) >= 1 for logins in senders.values())
    assert all(set(s["logins"]) <= {m.id for m in campus.members if m.active and m.password_hash}
               for s in server["mail_senders"])


def test_dns_records_publish_the_signing_key(campus: Campus) -> None:
    import base64

    from cryptography.hazmat.primitives import serialization

    records = {(r["name"], r["type"]): r["value"] for r in mail.dns_records(campus)}
    assert records[("@", "MX")] == "10 srv-mail.campus.example."
    assert records[("@", "TXT")] == '"v=spf1 mx -all"'
    assert records[("_dmarc", "TXT")].startswith('"v=DMARC1; p=quarantine;')
    dkim = records[("campus._domainkey", "TXT")]
    strings = [part.strip('"') for part in dkim.split('" "')]
    assert all(len(s) <= 255 for s in strings)
    published = base64.b64decode("".join(strings).split("p=", 1)[1])
    key = serialization.load_pem_private_key((campus.secrets.dkim_private_key or "").encode(), password=None)
    assert published == key.public_key().public_bytes(serialization.Encoding.DER,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)
    from campusnet import router_vars

    zone = next(z for z in router_vars.dns_zones(campus) if z["name"] == "campus.example")
    assert {"name": "_dmarc", "type": "TXT", "value": records[("_dmarc", "TXT")]} in zone["records"]
