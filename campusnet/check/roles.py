"""What each role declares for `invoke check`, as data: ``roles/<role>/meta/check.yml``.

A role's per-file checkers need no declaration: they are its template tasks'
``validate:`` commands. ``meta/check.yml`` adds what those cannot say::

    # roles/quarantine_page/meta/check.yml
    packages: [nginx-light]   # Debian packages the checker image installs for this role
    prepare: []               # commands run first, like the unit's ExecStartPre ("-": exit code ignored)
    commands: [nginx -t]      # whole-configuration checks, once every file of the host is in place
    interfaces: ""            # Jinja expression, in the role's context: interface names the host has
    made_on_host:             # files a task makes on the host (keys, certificates): stand-ins
      - {path: /etc/ldap/tls/ca.crt, kind: certificate}   # certificate | private_key | empty

A new role plugs in by adding this file (and ``validate:`` on its templates): no code
changes. A ``validate:`` command whose program the image lacks fails with a message
naming the role and this file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from campusnet.errors import CampusnetError

FILE = Path("meta") / "check.yml"
#: Debian policy 5.6.1: lower case letters, digits, + - . ; at least two characters.
Package = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9+.-]+$")]
Command = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\n\r]+$")]


class MadeOnHost(BaseModel):
    """A file the role makes on the host by other means than a template (a key, a
    certificate): the render run and the checker get a stand-in of its kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: Annotated[str, StringConstraints(pattern=r"^/[^\n\r]*$")]
    kind: Literal["certificate", "private_key", "empty"]


class RoleCheck(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    packages: tuple[Package, ...] = ()
    prepare: tuple[Command, ...] = ()
    commands: tuple[Command, ...] = ()
    #: Evaluated on each host with the role's variables (the render run does it); the checker
    #: container gets a veth interface of each name (Kea and smcroute refuse unknown ones).
    interfaces: str = ""
    made_on_host: tuple[MadeOnHost, ...] = ()


def load(roles_dir: Path) -> dict[str, RoleCheck]:
    """Every role's declaration (an empty one for a role without meta/check.yml)."""
    result = {}
    for role in sorted(p for p in roles_dir.iterdir() if p.is_dir()):
        path = role / FILE
        if not path.is_file():
            result[role.name] = RoleCheck()
            continue
        try:
            result[role.name] = RoleCheck.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        except (yaml.YAMLError, ValidationError) as error:
            first = re.sub(r"\s+", " ", str(error).splitlines()[1] if "\n" in str(error) else str(error))
            raise CampusnetError(f"{path}: not a valid check declaration ({first.strip()})") from None
    return result


def packages(checks: dict[str, RoleCheck]) -> list[str]:
    """The union of every role's packages, sorted: what the checker image installs."""
    return sorted({package for check in checks.values() for package in check.packages})


def made_on_host(checks: dict[str, RoleCheck]) -> dict[str, str]:
    """Every declared host-made file: path -> kind (a path two roles declare keeps one kind)."""
    return {made.path: made.kind for check in checks.values() for made in check.made_on_host}
