"""Build the execution environment (execution-environment.yml) offline, and only when needed.

``stage`` writes build/ee/artifacts, everything the EE definition names:

* the collection campusnet.core (``ansible-galaxy collection build`` of this repository) and
  the collections it depends on (galaxy.yml), packed from the ``ansible`` package installed
  here (Galaxy is not reachable), with a requirements.yml listing them as local files;
* the campusnet package source (package, device templates, data), put on Python's path;
* requirements.txt: the package's runtime dependencies at this repository's pins.

The image tag is a hash of those inputs (file contents, not archive bytes), the base
image's id and the ansible-builder version: ``ensure`` builds only when no image has it.
Before a build, the Python wheels every stage needs are fetched here with pip (the
containers cannot reach PyPI) into artifacts/wheels.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

from campusnet.errors import CampusnetError
from campusnet.lab.image import IMAGE as BASE_IMAGE
from campusnet.lab.image import image_exists
from campusnet.lab.podman import REPO_ROOT, podman_env

NAME = "localhost/campusnet-ee"
DEFINITION = REPO_ROOT / "execution-environment.yml"
STAGE = REPO_ROOT / "build" / "ee"
#: What the source copy holds: the package and what it reads beside itself.
SOURCE = ("campusnet", "templates", "pyproject.toml")
#: Installed by ansible-builder 3.2's builder stage (containerfile.py): wheels needed too.
BUILDER_TOOLS = ("bindep", "pyyaml", "packaging")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


@dataclass(frozen=True)
class Image:
    tag: str
    built_s: float | None = None  # None: it was already there


def _run(argv: list[str], what: str, cwd: Path = REPO_ROOT, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise CampusnetError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def _tool(name: str) -> str:
    found = shutil.which(name, path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        raise CampusnetError(f"{name} not found: run scripts/setup.sh")
    return found


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def runtime_requirements(repo: Path = REPO_ROOT) -> list[str]:
    """The package's dependencies (pyproject.toml) at the pins of requirements.txt."""
    wanted = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = {_name(line): line.strip() for line in (repo / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}
    missing = sorted(_name(w) for w in wanted if _name(w) not in pins)
    if missing:
        raise CampusnetError(f"requirements.txt pins none of: {', '.join(missing)} (pyproject.toml needs them)")
    return sorted(pins[_name(w)] for w in wanted)


def pack_installed(namespace: str, name: str, target: Path) -> Path:
    """An installed collection (from the ``ansible`` package) as a collection artifact.

    The PyPI package leaves out files the collection's FILES.json lists (its CI
    configuration), which ansible-galaxy refuses to install: the artifact's FILES.json lists
    what is there, and MANIFEST.json carries that file's new checksum.
    """
    spec = importlib.util.find_spec(f"ansible_collections.{namespace}.{name}")
    if spec is None or not spec.submodule_search_locations:
        raise CampusnetError(f"collection {namespace}.{name} is not installed here (the ansible package has it)")
    root = Path(next(iter(spec.submodule_search_locations)))
    manifest = json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))
    files = json.loads((root / "FILES.json").read_text(encoding="utf-8"))
    files["files"] = [entry for entry in files["files"] if entry["name"] == "." or (root / entry["name"]).exists()]
    listing = json.dumps(files, indent=1).encode()
    manifest["file_manifest_file"]["chksum_sha256"] = hashlib.sha256(listing).hexdigest()
    artifact = target / f"{namespace}-{name}-{manifest['collection_info']['version']}.tar.gz"
    with tarfile.open(artifact, "w:gz") as archive:
        for arcname, data in (("MANIFEST.json", json.dumps(manifest, indent=1).encode()), ("FILES.json", listing)):
            info = tarfile.TarInfo(arcname)
            info.size, info.mode = len(data), 0o644
            archive.addfile(info, io.BytesIO(data))
        for entry in files["files"]:  # directories before their files, as FILES.json orders them
            if entry["name"] != ".":
                archive.add(root / entry["name"], arcname=entry["name"], recursive=False)
    return artifact


def stage(repo: Path = REPO_ROOT, out: Path = STAGE) -> Path:
    """Write build/ee/artifacts (everything but the wheels); return the artifacts directory."""
    artifacts = out / "artifacts"
    wheels = artifacts / "wheels"
    kept = out / "wheels-kept"
    if wheels.is_dir():  # fetched wheels survive a re-stage: they depend on the pins only
        shutil.rmtree(kept, ignore_errors=True)
        wheels.rename(kept)
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    if kept.is_dir():
        kept.rename(wheels)
    _run([_tool("ansible-galaxy"), "collection", "build", "--output-path", str(artifacts), str(repo)],
         "ansible-galaxy collection build")
    galaxy = yaml.safe_load((repo / "galaxy.yml").read_text(encoding="utf-8"))
    (artifacts / "collections").mkdir()
    for dependency in galaxy.get("dependencies") or {}:
        namespace, name = dependency.split(".")
        pack_installed(namespace, name, artifacts / "collections")
    # the dependencies go through ansible-builder's galaxy stage; ours is installed last
    # (execution-environment.yml), so a change of ours leaves the cached stages valid
    requirements = {"collections": [{"name": f"artifacts/collections/{p.name}", "type": "file"}
                                    for p in sorted((artifacts / "collections").glob("*.tar.gz"))]}
    (artifacts / "requirements.yml").write_text(yaml.safe_dump(requirements), encoding="utf-8")
    (artifacts / "requirements.txt").write_text("\n".join(runtime_requirements(repo)) + "\n", encoding="utf-8")
    for name in SOURCE:
        source, target = repo / name, artifacts / "source" / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=SKIP)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return artifacts


def digest(artifacts: Path, definition: Path = DEFINITION, base: str = BASE_IMAGE) -> str:
    """A hash of what the image is made of: contents, never archive timestamps."""
    sha = hashlib.sha256()
    base_id = _run(["podman", "image", "inspect", "--format", "{{.Id}}", base], "podman image inspect",
                   env=podman_env()).strip()
    from importlib.metadata import version

    builder_version = version("ansible-builder")
    sha.update(f"{base_id}\n{builder_version}\n".encode())
    sha.update(definition.read_bytes())
    for artifact in sorted(artifacts.rglob("*.tar.gz")):
        with tarfile.open(artifact) as archive:
            for member in sorted(archive.getmembers(), key=lambda m: m.name):
                handle = archive.extractfile(member)
                if handle is not None:
                    sha.update(member.name.encode() + b"\0" + hashlib.sha256(handle.read()).digest())
    for path in sorted(p for p in artifacts.rglob("*") if p.is_file() and "wheels" not in p.relative_to(artifacts).parts
                       and not p.name.endswith(".tar.gz")):
        sha.update(str(path.relative_to(artifacts)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()[:12]


def fetch_wheels(artifacts: Path, definition: Path = DEFINITION) -> None:
    """Wheels of everything pip installs in the image, built or fetched here (PyPI is reachable
    from this machine's pip, not from the containers)."""
    data = yaml.safe_load(definition.read_text(encoding="utf-8"))
    core = [data["dependencies"][key]["package_pip"] for key in ("ansible_core", "ansible_runner")]
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "-w",
          str(artifacts / "wheels"), "-r", str(artifacts / "requirements.txt"), *core, *BUILDER_TOOLS],
         "pip wheel (the execution environment's Python packages)")


def ensure(rebuild: bool = False, repo: Path = REPO_ROOT) -> Image:
    """The EE image for the current sources, built now only when missing (or ``rebuild``)."""
    if not image_exists(BASE_IMAGE):
        raise CampusnetError(f"{BASE_IMAGE} is missing: run scripts/setup.sh (or invoke lab.image)")
    artifacts = stage(repo)
    tag = f"{NAME}:{digest(artifacts)}"
    if image_exists(tag) and not rebuild:
        _run(["podman", "tag", tag, f"{NAME}:latest"], "podman tag", env=podman_env())
        return Image(tag)
    started = time.perf_counter()
    fetch_wheels(artifacts)
    _run([_tool("ansible-builder"), "build", "-f", str(DEFINITION), "-c", str(STAGE / "context"), "-t", tag,
          "--container-runtime", "podman", "--extra-build-cli-args=--pull=never", "-v", "2"],
         f"ansible-builder build of {tag}", env=podman_env())
    _run(["podman", "tag", tag, f"{NAME}:latest"], "podman tag", env=podman_env())
    return Image(tag, time.perf_counter() - started)
