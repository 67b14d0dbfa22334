"""The platform registry is pinned, and loud about mistakes."""

from __future__ import annotations

import subprocess

import pytest
from hier_config import Platform as HierPlatform

from campusnet import platforms
from campusnet.platforms.hashes import md5_crypt, stable_salt
from campusnet.platforms.registry import PlatformError


def test_registry_is_pinned() -> None:
    assert platforms.keys() == ["cisco_ios", "hp_procurve", "openwrt"]
    assert platforms.get("hp_procurve").hier_platform is HierPlatform.HP_PROCURVE
    assert platforms.get("cisco_ios").hier_platform is HierPlatform.CISCO_IOS


def test_duplicate_and_unknown_keys_fail() -> None:
    with pytest.raises(PlatformError, match="already registered"):
        platforms.register(platforms.get("hp_procurve"))
    with pytest.raises(PlatformError, match="unknown platform 'junos'.*cisco_ios, hp_procurve, openwrt"):
        platforms.get("junos")


def test_md5_crypt_matches_known_vector() -> None:
    # openssl passwd -1 -salt abcd password
    assert md5_crypt("password", "abcd") == "$1$abcd$ABOCfICGTWeBeG/njucVA1"


def test_md5_crypt_matches_openssl_on_long_passwords() -> None:
    password, salt = "x" * 37 + "-long", stable_salt("sw-i-1", "campusnet")
    try:
        expected = subprocess.run(["openssl", "passwd", "-1", "-salt", salt, password],
                                  capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("openssl is not available")
    assert md5_crypt(password, salt) == expected
