"""HP ProCurve / ArubaOS-Switch (2530, 2920): ports are plain numbers."""

from __future__ import annotations

from hier_config import Platform as HierPlatform

from campusnet.platforms.base import Platform, PushRules
from campusnet.platforms.hashes import sha1_hex
from campusnet.platforms.registry import register
from campusnet.render.facts import switch_facts

HP_PROCURVE = register(Platform(
    key="hp_procurve",
    netmiko_type="hp_procurve",
    hier_platform=HierPlatform.HP_PROCURVE,
    comment=";",
    templates={"running.cfg": "hp_procurve/switch.j2"},
    facts=switch_facts,
    password_hash=lambda device, user, password: sha1_hex(password),
    push=PushRules(
        reject_patterns=(r"Invalid input:", r"Incomplete input", r"^\s*Error"),
        save="write memory",
        # ArubaOS-Switch: "reload after [[dd:]hh:]mm" reboots to the startup configuration.
        arm_timer="reload after {minutes}",
        cancel_timer="no reload",
        prompts=((r"save current configuration", "n"), (r"continue \(y/n\)", "y")),
    ),
))
