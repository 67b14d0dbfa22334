"""What campusnet writes: build/, backups/ and session logs are 0600 files in 0700 folders,
whatever the umask and whatever an older run left; inventory files keep their mode."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from invoke import Context

from campusnet.cli.render import render
from campusnet.files import atomic_write, private_dir, private_file
from campusnet.push import Options, write_backup
from campusnet.redact import Redactor, session_log
from tests.conftest import EXAMPLE, ROOT


def modes(root: Path) -> dict[str, set[int]]:
    """Modes of every folder (root included) and file under ``root``."""
    found: dict[str, set[int]] = {"dirs": {stat.S_IMODE(root.stat().st_mode)}, "files": set()}
    for path in root.rglob("*"):
        found["dirs" if path.is_dir() else "files"].add(stat.S_IMODE(path.stat().st_mode))
    return found


def assert_private(root: Path) -> None:
    found = modes(root)
    assert found["dirs"] == {0o700}, {oct(m) for m in found["dirs"]}
    assert found["files"] <= {0o600}, {oct(m) for m in found["files"]}
    assert found["files"], "nothing was written"


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_render_writes_private_files_and_tightens_an_old_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = tmp_path / "build"
    (build / "sw-a-1").mkdir(parents=True, mode=0o755)
    (build / "sw-a-1" / "running.cfg").write_text("old\n")
    monkeypatch.chdir(tmp_path)
    render(Context(), inventory=str(EXAMPLE), output=str(build), limit="sw-a-*")
    assert_private(build)


def test_backups_are_private(tmp_path: Path) -> None:
    options = Options(backup_dir=tmp_path / "backups", keep_backups=2)
    for _ in range(3):
        write_backup(options, "sw-a-1", {"running.cfg": "hostname sw-a-1\n"})
    assert_private(options.backup_dir)
    assert len(list((options.backup_dir / "sw-a-1").iterdir())) == 2


def test_session_logs_are_private(tmp_path: Path) -> None:
    folder = private_dir(tmp_path / "logs")
    log = session_log(str(private_file(folder / "sw-a-1.log")), Redactor(["s3cret-value"]))
    log.open()
    log.write("password s3cret-value\n")
    log.close()
    assert_private(folder)
    assert "s3cret-value" not in (folder / "sw-a-1.log").read_text()


def test_private_dir_creates_every_level_from_its_root(tmp_path: Path) -> None:
    private_dir(tmp_path / "out" / "a" / "b", tmp_path / "out")
    assert_private_dirs = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out", tmp_path / "out" / "a")}
    assert assert_private_dirs == {0o700}


def test_an_inventory_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "machines.yml"
    path.write_text("machines: {}\n")
    path.chmod(0o644)
    atomic_write(path, "machines: {}\n# edited\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.parametrize("name", [".vault_pass", ".vault_pass.txt", ".vault-password", "vault-password", "vault_pass.txt",
                                  "vault.pass", ".vault", "inventories/real/.vault_pass", "secrets.yml.decrypted",
                                  "members.decrypted.yml", "vault-password-file", ".vaultpass", "vaultpass.txt"])
def test_gitignore_covers_vault_password_files(name: str) -> None:
    result = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=ROOT, check=False)
    assert result.returncode == 0, f"{name} is not git-ignored"


def test_no_clear_device_password_in_build_from_a_vault(example_copy: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch files hold the password hashed (sha1 / MD5-crypt); the RADIUS secret and SNMP
    community must be in clear for the devices to use them: those files are 0600."""
    from tests.test_vault import PASSWORD, encrypt

    secrets = (example_copy / "secrets.yml").read_text()
    password = next(line.split(":", 1)[1].strip() for line in secrets.splitlines() if "device_password:" in line)
    for name in ("members.yml", "secrets.yml"):
        encrypt(example_copy / name)
    password_file = tmp_path / "vault-password"
    password_file.write_bytes(PASSWORD)
    build = tmp_path / "build"
    monkeypatch.chdir(tmp_path)
    render(Context(), inventory=str(example_copy), output=str(build), vault_password_file=str(password_file))
    texts = [p.read_bytes() for p in build.rglob("*") if p.is_file()]
    assert len(texts) > 40
    assert not [t for t in texts if password.encode() in t]
    assert_private(build)


@pytest.mark.slow
def test_sim_up_from_a_vault_writes_no_secret_and_ansible_reads_build_sim(example_copy: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """sim.up copies no topic file (build/sim is an overlay), keeps no password on disk (the
    spec goes to the simulators through a pipe), writes privately, and Ansible reads
    ``-i build/sim`` while the simulators run."""
    from campusnet.cli.sim import down, up
    from tests.test_canary import encrypt, plant_canaries

    needles = plant_canaries(example_copy)
    password_file = encrypt(example_copy)
    monkeypatch.chdir(tmp_path)
    up(Context(), inventory=str(example_copy), vault_password_file=str(password_file))
    try:
        build = tmp_path / "build"
        assert sorted(p.name for p in (build / "sim").iterdir()) == ["campusnet.yml", "group_vars"]
        files = [p for p in build.rglob("*") if p.is_file() and not p.is_symlink() and "group_vars" not in p.parts]
        assert {p.name for p in files} >= {"fleet.json", "sim.log", "campusnet.yml"}
        leaked = [(p.name, n) for p in files for n in needles if n.encode() in p.read_bytes()]
        assert not leaked, leaked
        for path in [build, *build.rglob("*")]:
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            if stat.S_ISSOCK(mode):  # the control socket: the owner's only
                assert stat.S_IMODE(mode) & 0o077 == 0, path
            else:
                assert stat.S_IMODE(mode) == (0o700 if path.is_dir() else 0o600), path
        env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_VAULT_PASSWORD_FILE": str(password_file)}
        graph = subprocess.run([str(Path(os.sys.executable).parent / "ansible-inventory"), "-i", "build/sim", "--graph"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
        assert graph.returncode == 0, graph.stderr
        assert "sw-a-1" in graph.stdout and "router-1" in graph.stdout
    finally:
        down(Context())
