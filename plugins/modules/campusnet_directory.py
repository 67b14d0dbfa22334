#!/usr/bin/python
"""Ansible module: make the campus directory's tree exactly what the inventory says.

Runs on the directory host. Builds every entry (members, disabled members, club groups,
service accounts) from structured inputs, reads the tree over ldapi as root (SASL
EXTERNAL), then adds, rewrites and deletes entries until they match. The directory is a
projection of the inventory: an entry the inventory does not name is removed.
"""

from __future__ import annotations

from typing import Any

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r"""
module: campusnet_directory
short_description: Make the campus LDAP tree exactly the inventory's members, groups and service accounts
description:
  - Builds the entries under I(base_dn) (see roles/directory/README.md for the tree) and makes the local
    slapd hold exactly them, over ldapi with SASL EXTERNAL (root on the directory host).
  - Missing entries are added (parents first), differing attributes replaced, unlisted entries deleted
    (children first). Operational attributes are ignored.
  - Check mode reports what would change. Returns DNs only (they name members by pseudonymous id).
requirements: [python3-ldap]
options:
  base_dn: {description: Suffix of the database., type: str, required: true}
  mail_domain: {description: Domain of the members' campus addresses., type: str, required: true}
  members: {description: Members (id, uid_number, active, password_hash, mail, forward)., type: list, elements: dict, required: true}
  groups: {description: Club groups (name, owner, members)., type: list, elements: dict, default: []}
  service_accounts: {description: Service accounts (name)., type: list, elements: dict, default: []}
  service_passwords: {description: Service account name -> userPassword value., type: dict, default: {}}
  uri: {description: Where slapd listens for root., type: str, default: "ldapi:///"}
author: Campusnet tech team
"""

EXAMPLES = r"""
- name: Load the members, groups and service accounts
  campusnet_directory:
    base_dn: dc=campus,dc=example
    mail_domain: campus.example
    members: [{id: m0042, uid_number: 100042, active: true, password_hash: "$6$...", mail: true, forward: ""}]
    groups: [{name: photo, owner: m0042, members: [m0042]}]
  no_log: true
"""

RETURN = r"""
added: {description: DNs added., type: list, returned: always}
modified: {description: DNs whose attributes were rewritten., type: list, returned: always}
deleted: {description: DNs deleted., type: list, returned: always}
"""

Entries = dict[str, dict[str, list[str]]]

GID_NUMBER = "100000"
OUS = ("people", "disabled", "groups", "services")


def _escape(value: str) -> str:
    """RFC 4514 escaping of one RDN value (inputs are already restricted; this is the second wall)."""
    escaped = "".join(f"\\{c}" if c in ',+"\\<>;=' else c for c in value)
    if escaped[:1] in (" ", "#"):
        escaped = "\\" + escaped
    return escaped[:-1] + "\\ " if escaped.endswith(" ") else escaped


def member_dn(member_id: str, base_dn: str, active: bool = True) -> str:
    return f"uid={_escape(member_id)},ou={'people' if active else 'disabled'},{base_dn}"


def build(params: dict[str, Any]) -> Entries:
    """Every entry of the tree, keyed by DN."""
    base, domain = params["base_dn"], params["mail_domain"]
    entries: Entries = {base: {"objectClass": ["domain"], "dc": [base.split(",")[0].split("=", 1)[1]]}}
    for ou in OUS:
        entries[f"ou={ou},{base}"] = {"objectClass": ["organizationalUnit"], "ou": [ou]}
    for member in params["members"]:
        uid = member["id"]
        entry = {"objectClass": ["inetOrgPerson", "posixAccount"], "uid": [uid], "cn": [uid], "sn": [uid],
                 "uidNumber": [str(member["uid_number"])], "gidNumber": [GID_NUMBER],
                 "homeDirectory": ["/nonexistent"], "loginShell": ["/usr/sbin/nologin"]}
        if member["active"]:
            if member.get("mail"):
                address = f"{uid}@{domain}"
                entry["objectClass"].append("inetLocalMailRecipient")
                entry |= {"mail": [address], "mailLocalAddress": [address]}
                if member.get("forward"):
                    entry["mailRoutingAddress"] = [member["forward"]]
            if member.get("password_hash"):
                entry["userPassword"] = ["{CRYPT}" + member["password_hash"]]
        entries[member_dn(uid, base, member["active"])] = entry
    for group in params["groups"]:
        entry = {"objectClass": ["groupOfNames"], "cn": [group["name"]],
                 # groupOfNames must have a member: the empty DN stands for "nobody" (RFC 4519 practice)
                 "member": [member_dn(m, base) for m in group["members"]] or [""]}
        if group.get("owner"):
            entry["owner"] = [member_dn(group["owner"], base)]
        entries[f"cn={_escape(group['name'])},ou=groups,{base}"] = entry
    for account in params["service_accounts"]:
        name = account["name"]
        entries[f"cn={_escape(name)},ou=services,{base}"] = {
            "objectClass": ["applicationProcess", "simpleSecurityObject"], "cn": [name],
            "userPassword": [params["service_passwords"][name]]}
    return entries


def _depth(dn: str) -> int:
    return dn.count(",")


def plan(current: Entries, desired: Entries) -> tuple[list[str], dict[str, dict[str, list[str] | None]], list[str]]:
    """(DNs to add, DN -> attribute changes (None deletes the attribute), DNs to delete)."""
    have = {dn.lower(): (dn, {k.lower(): (k, v) for k, v in attrs.items()}) for dn, attrs in current.items()}
    adds = sorted((dn for dn in desired if dn.lower() not in have), key=_depth)
    changes: dict[str, dict[str, list[str] | None]] = {}
    for dn, attrs in desired.items():
        if dn.lower() not in have:
            continue
        old = have[dn.lower()][1]
        diff: dict[str, list[str] | None] = {k: v for k, v in attrs.items()
                                              if k.lower() not in old or sorted(old[k.lower()][1]) != sorted(v)}
        wanted = {k.lower() for k in attrs}
        diff |= {name: None for key, (name, _) in old.items() if key not in wanted}
        if diff:
            changes[dn] = diff
    wanted_dns = {dn.lower() for dn in desired}
    deletes = sorted((original for key, (original, _) in have.items() if key not in wanted_dns), key=_depth, reverse=True)
    return adds, changes, deletes


def _read(conn: Any, ldap: Any, base: str) -> Entries:
    try:
        found = conn.search_s(base, ldap.SCOPE_SUBTREE, "(objectClass=*)", ["*"])
    except ldap.NO_SUCH_OBJECT:
        return {}
    return {dn: {k: [v.decode() for v in values] for k, values in attrs.items()} for dn, attrs in found}


def _apply(conn: Any, ldap: Any, desired: Entries, adds: list[str], changes: dict[str, dict[str, list[str] | None]],
           deletes: list[str]) -> None:
    for dn in deletes:
        conn.delete_s(dn)
    for dn in adds:
        conn.add_s(dn, [(k, [v.encode() for v in values]) for k, values in desired[dn].items()])
    for dn, diff in changes.items():
        conn.modify_s(dn, [(ldap.MOD_REPLACE, k, [v.encode() for v in values]) if values is not None
                           else (ldap.MOD_DELETE, k, None) for k, values in diff.items()])


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "base_dn": {"type": "str", "required": True},
            "mail_domain": {"type": "str", "required": True},
            "members": {"type": "list", "elements": "dict", "required": True},
            "groups": {"type": "list", "elements": "dict", "default": []},
            "service_accounts": {"type": "list", "elements": "dict", "default": []},
            "service_passwords": {"type": "dict", "default": {}, "no_log": True},
            "uri": {"type": "str", "default": "ldapi:///"},
        },
        supports_check_mode=True,
    )
    try:
        import ldap
        import ldap.sasl
    except ImportError:
        module.fail_json(msg="python3-ldap is required on the directory host")
    desired = build(module.params)
    try:
        conn = ldap.initialize(module.params["uri"])
        conn.sasl_interactive_bind_s("", ldap.sasl.external())
        adds, changes, deletes = plan(_read(conn, ldap, module.params["base_dn"]), desired)
        if not module.check_mode:
            _apply(conn, ldap, desired, adds, changes, deletes)
    except ldap.LDAPError as error:
        # The error names the LDAP result (and a DN at most); never an attribute value.
        details = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
        module.fail_json(msg=f"directory update failed: {details.get('desc', type(error).__name__)} {details.get('info', '')}".strip())
    module.exit_json(changed=bool(adds or changes or deletes), added=adds, modified=sorted(changes), deleted=deletes)


if __name__ == "__main__":
    main()
