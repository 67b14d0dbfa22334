"""Cisco IOS (Catalyst 2960, 2960-X, 3750-X): port names come from the catalogue model."""

from __future__ import annotations

from hier_config import Platform as HierPlatform

from campusnet.platforms.base import Platform, PushRules
from campusnet.platforms.hashes import md5_crypt, stable_salt
from campusnet.platforms.registry import register
from campusnet.render.facts import switch_facts

CISCO_IOS = register(Platform(
    key="cisco_ios",
    netmiko_type="cisco_ios",
    hier_platform=HierPlatform.CISCO_IOS,
    comment="!",
    templates={"running.cfg": "cisco_ios/switch.j2"},
    facts=switch_facts,
    password_hash=lambda device, user, password: md5_crypt(password, stable_salt(device, user)),
    push=PushRules(
        reject_patterns=(r"% Invalid input", r"% Incomplete command", r"% Ambiguous command", r"^% .*[Ee]rror"),
        save="write memory",
        arm_timer="reload in {minutes}",
        cancel_timer="reload cancel",
        # The timer must reboot to the saved configuration: never save when asked here.
        prompts=((r"Save\? \[yes/no\]", "no"), (r"\[confirm\]", "")),
    ),
))
