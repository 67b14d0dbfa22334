"""Read an inventory directory: files -> YAML -> typed models, every error in one pass.

This is the only module of the inventory package that touches files. Vault-encrypted
files (members.yml, secrets.yml in production) are decrypted in memory with the usual
Ansible vault password mechanisms; plain text never reaches the disk.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from campusnet.errors import CampusnetError
from campusnet.inventory import schema
from campusnet.inventory.issues import InventoryError, Issue, KeyPath, hidden_key, raise_if_any
from campusnet.inventory.yamlfile import compose, line_in, parse

VAULT_HEADER = b"$ANSIBLE_VAULT;"
#: Files whose values are personal or secret: errors never quote their input.
PRIVATE_FILES = frozenset({"members.yml", "secrets.yml"})
_MEMBER_ID = re.compile(r"m[0-9]{4,}")
#: Largest topic file read (a 16x full-scale machines.yml is about 6 MiB).
MAX_FILE_BYTES = 32 * 2**20

Decrypt = Callable[[bytes, str], bytes]


@dataclass(frozen=True)
class Inventory:
    """The validated inventory files, one attribute per topic file."""

    path: Path
    network: schema.NetworkFile
    buildings: schema.BuildingsFile
    switches: schema.SwitchesFile
    access_points: schema.AccessPointsFile
    servers: schema.ServersFile
    services: schema.ServicesFile
    members: schema.MembersFile
    machines: schema.MachinesFile
    admins: schema.AdminsFile
    secrets: schema.SecretsFile
    sources: dict[str, str] = field(default_factory=dict, repr=False)
    _trees: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, file: str, path: KeyPath) -> int | None:
        """Line of a key path in one of the files (for error messages).

        Each file is composed once, on the first error that needs it.
        """
        if file not in self.sources:
            return None
        if file not in self._trees:
            self._trees[file] = compose(self.sources[file])
        return line_in(self._trees[file], path)


def ansible_decrypt(vault_password_file: str | None = None) -> Decrypt:
    """A decrypter using Ansible's own vault secret sources.

    Sources, as for ansible-playbook: ``vault_password_file`` when given, else
    ANSIBLE_VAULT_PASSWORD_FILE / ansible.cfg ``vault_password_file`` and vault ids
    (``id@path``). Ansible is imported only when an encrypted file is met (~0.3 s).
    """
    loaded: list[Any] = []

    def secrets() -> list[Any]:
        from ansible import constants as C
        from ansible.parsing.dataloader import DataLoader
        from ansible.parsing.vault import get_file_vault_secret

        if not loaded:
            sources = [("default", vault_password_file or C.DEFAULT_VAULT_PASSWORD_FILE)]
            sources += [tuple(item.split("@", 1)) for item in C.DEFAULT_VAULT_IDENTITY_LIST if "@" in item]
            for vault_id, path in sources:
                if path:
                    secret = get_file_vault_secret(filename=path, vault_id=vault_id, loader=DataLoader())
                    secret.load()
                    loaded.append((vault_id, secret))
        return loaded

    def decrypt(data: bytes, filename: str) -> bytes:
        from ansible.errors import AnsibleError
        from ansible.parsing.vault import VaultLib

        try:
            found = secrets()
            if not found:
                raise AnsibleError("no vault password given")
            return bytes(VaultLib(found).decrypt(data))
        except AnsibleError as error:
            first_line = str(error).strip().splitlines()[0]
            raise CampusnetError(
                f"{filename}: cannot decrypt the vault ({first_line}); set "
                "ANSIBLE_VAULT_PASSWORD_FILE or pass --vault-password-file"
            ) from None

    return decrypt


def read_documents(
    directory: Path, decrypt: Decrypt | None = None
) -> tuple[dict[str, Any], dict[str, str], list[Issue]]:
    """Parse every topic file: (data per file, text per file, issues)."""
    if not directory.is_dir():
        raise CampusnetError(f"{directory}: no such inventory directory")
    decrypt = decrypt or ansible_decrypt()
    data: dict[str, Any] = {}
    texts: dict[str, str] = {}
    issues: list[Issue] = []
    known = set(schema.FILES) | {"campusnet.yml"}
    for extra in sorted(p.name for p in directory.glob("*.yml") if p.name not in known):
        issues.append(Issue(_rel(directory / extra), (), f"unknown inventory file; expected one of: {', '.join(schema.FILES)}"))
    for name in schema.FILES:
        path = directory / name
        if not path.exists() and not path.is_symlink():
            if name in schema.REQUIRED_FILES:
                issues.append(Issue(_rel(path), (), "required file is missing"))
            continue
        text = _read_text(directory, path, decrypt)
        if isinstance(text, Issue):
            issues.append(text)
            continue
        try:
            document = parse(text)
        except yaml.MarkedYAMLError as error:
            issues.append(_syntax_issue(path, error))
            continue
        except RecursionError:
            issues.append(Issue(_rel(path), (), "YAML nested too deeply to read"))
            continue
        texts[name] = text
        data[name] = document if document is not None else {}
        if not isinstance(data[name], dict):
            issues.append(Issue(_rel(path), (), "must be a mapping of top-level keys", 1))
            del data[name]
    return data, texts, issues


def _read_text(directory: Path, path: Path, decrypt: Decrypt) -> str | Issue:
    """A topic file's text (decrypted when it is a vault), or why it cannot be read.

    Refused: a file that resolves outside the inventory directory (a symlink to
    /etc/shadow or another campus), anything but a regular file (a FIFO would hang),
    more than MAX_FILE_BYTES, bytes that are not UTF-8 (named by byte offset and line).
    """
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(directory.resolve(strict=True))
        info = real.stat()
    except (OSError, RuntimeError) as error:
        return Issue(_rel(path), (), f"cannot read the file ({getattr(error, 'strerror', None) or 'symlink loop'})")
    if not inside:
        return Issue(_rel(path), (), "is a symlink leading outside the inventory directory: refused")
    if not stat.S_ISREG(info.st_mode):
        return Issue(_rel(path), (), "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        return Issue(_rel(path), (), f"is {info.st_size // 2**20} MiB; an inventory file may hold at most "
                                     f"{MAX_FILE_BYTES // 2**20} MiB")
    try:
        raw = real.read_bytes()
    except OSError as error:
        return Issue(_rel(path), (), f"cannot read the file ({error.strerror})")
    if raw.startswith(VAULT_HEADER):
        raw = decrypt(raw, _rel(path))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Issue(_rel(path), (), f"is not UTF-8: invalid byte at byte offset {error.start} "
                                     f"(line {line}); save the file as UTF-8", line)


def _syntax_issue(path: Path, error: yaml.MarkedYAMLError) -> Issue:
    """A YAML syntax error with its line. PyYAML quotes the text it stumbled on (a key,
    an alias, an escape); in a private file only the words before the first quote stay."""
    mark = error.problem_mark or error.context_mark
    parts = [part for part in (error.context, error.problem) if part]
    hidden = ""
    if path.name in PRIVATE_FILES and any(quote in part for part in parts for quote in "'\""):
        parts = [re.split("['\"]", part, maxsplit=1)[0].rstrip(" :") for part in parts]
        hidden = " (the text it quotes is not shown: private file)"
    column = f", column {mark.column + 1}" if mark else ""
    return Issue(_rel(path), (), f"YAML syntax error{column}: {': '.join(parts)}{hidden}", mark.line + 1 if mark else None)


def validate_schema(
    directory: Path, data: dict[str, Any], texts: dict[str, str]
) -> tuple[dict[str, schema.Model], list[Issue]]:
    """Validate each parsed file against its model; one issue per bad key."""
    models: dict[str, schema.Model] = {}
    issues: list[Issue] = []
    for name, document in data.items():
        model = schema.FILES[name]
        try:
            models[name] = model.model_validate(document)
        except ValidationError as error:
            issues.extend(_schema_issues(directory / name, document, texts[name], error))
    return models, issues


def load_inventory(directory: str | os.PathLike[str], decrypt: Decrypt | None = None) -> Inventory:
    """Load and schema-check an inventory directory, or raise InventoryError."""
    root = Path(directory)
    data, texts, issues = read_documents(root, decrypt)
    models, schema_issues = validate_schema(root, data, texts)
    raise_if_any(issues + schema_issues)
    empty = {name: model.model_validate({}) for name, model in schema.FILES.items()
             if name not in models and name not in schema.REQUIRED_FILES}
    models.update(empty)
    topics = {name.removesuffix(".yml"): model for name, model in models.items()}
    return Inventory(path=root, sources=texts, **topics)  # type: ignore[arg-type]


_MESSAGES = {
    "extra_forbidden": "unknown key (a typo?)",
    "missing": "required key is missing",
}


def _schema_issues(path: Path, document: Any, text: str, error: ValidationError) -> list[Issue]:
    issues: dict[KeyPath, Issue] = {}
    private = path.name in PRIVATE_FILES
    tree = compose(text)
    for item in error.errors(include_url=False):
        key_path, found = _existing_path(document, item["loc"], item["type"] == "missing")
        message = _MESSAGES.get(item["type"], item["msg"].removeprefix("Value error, "))
        if item["type"] not in _MESSAGES and found and not private and not isinstance(item["input"], dict | list):
            message += f" (got {item['input']!r})"
        if private and item["type"] == "extra_forbidden":
            message = "unknown key (a typo, or a missing ':'? its text is not shown: private file)"
        if member := _member_id(document, key_path):
            message += f" [member {member}]"
        shown = _private_path(document, key_path, schema.FILES[path.name]) if private else key_path
        if key_path not in issues:
            issues[key_path] = Issue(_rel(path), shown, message, line_in(tree, key_path))
    return sorted(issues.values(), key=lambda issue: (issue.line or 0, issue.message))


def _private_path(document: Any, key_path: KeyPath, model: type[schema.Model]) -> KeyPath:
    """``key_path`` with every key that is not a schema key replaced by its position:
    a missing colon (``email someone@example.org``) makes the value a key."""
    known = field_names(model)
    shown: list[str | int] = []
    node = document
    for part in key_path:
        if isinstance(part, str) and part not in known:
            keys = list(node) if isinstance(node, dict) else []
            shown.append(hidden_key(keys.index(part) + 1 if part in keys else 0))
        else:
            shown.append(part)
        node = _child(node, part)
    return tuple(shown)


def _child(node: Any, part: str | int) -> Any:
    """``node[part]`` of a parsed document, or None where there is no such key or item."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def field_names(model: type[schema.Model]) -> frozenset[str]:
    """Every field name of ``model`` and the models nested in it."""
    names: set[str] = set()
    todo: list[Any] = [model]
    seen: set[Any] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            names |= set(current.model_fields)
            todo += [field.annotation for field in current.model_fields.values()]
        todo += list(get_args(current))
    return frozenset(names)


def _member_id(document: Any, key_path: KeyPath) -> str | None:
    """The pseudonymous id of the members[i] entry a key path points into, if it has a
    well-formed one (anything else in that place could be a name typed in the wrong key)."""
    if len(key_path) < 2 or key_path[0] != "members":
        return None
    try:
        member = document["members"][key_path[1]]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return member if isinstance(member, str) and _MEMBER_ID.fullmatch(member) else None


def _existing_path(document: Any, loc: tuple[Any, ...], missing: bool) -> tuple[KeyPath, bool]:
    """Trim pydantic's location to the keys really present in the file.

    Pydantic adds union member tags (``str``, ``int``) to locations; those are not keys.
    Returns the trimmed path and whether it reached the offending value itself.
    """
    path: list[str | int] = []
    node = document
    for index, part in enumerate(loc):
        is_last = index == len(loc) - 1
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif is_last and missing:
            path.append(part)
            return tuple(path), False
        else:
            return tuple(path), False
        path.append(part)
    return tuple(path), True


def _rel(path: Path) -> str:
    """Paths in messages relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def with_file(inventory: Inventory, name: str, text: str) -> Inventory:
    """The same inventory with one topic file replaced by ``text`` (checked, not saved)."""
    path = inventory.path / name
    try:
        document = parse(text)
    except yaml.MarkedYAMLError as error:
        raise InventoryError([_syntax_issue(path, error)]) from None
    models, issues = validate_schema(inventory.path, {name: document or {}}, {name: text})
    raise_if_any(issues)
    topic: dict[str, Any] = {name.removesuffix(".yml"): models[name]}
    return replace(inventory, sources={**inventory.sources, name: text}, **topic)
