"""What `invoke check` found: one case per thing checked, and the JUnit XML CI systems read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # nothing to check it with (the reason says why)


@dataclass(frozen=True)
class Case:
    """One checked thing: a device's render, a switch file's parse, a server file's checker.

    ``message`` is one line; ``output`` holds details (a checker's output, already
    redacted). Neither ever holds a member's data or a secret.
    """

    suite: str  # "inventory", "devices", "switch files", "server files router-1", ...
    name: str
    verdict: Verdict
    seconds: float = 0.0
    message: str = ""
    output: str = ""


def counts(cases: Iterable[Case]) -> Counter[Verdict]:
    return Counter(case.verdict for case in cases)


def junit_xml(cases: list[Case], name: str = "campusnet check") -> str:
    """JUnit XML (the schema GitLab, Jenkins and most CI viewers read): a testsuite per suite."""
    total = counts(cases)
    root = ET.Element("testsuites", name=name, tests=str(len(cases)), failures=str(total[Verdict.FAILED]),
                      errors="0", skipped=str(total[Verdict.SKIPPED]),
                      time=f"{sum(c.seconds for c in cases):.3f}")
    suites: dict[str, list[Case]] = {}
    for case in cases:
        suites.setdefault(case.suite, []).append(case)
    for suite, members in suites.items():
        tally = counts(members)
        element = ET.SubElement(root, "testsuite", name=suite, tests=str(len(members)),
                                failures=str(tally[Verdict.FAILED]), errors="0",
                                skipped=str(tally[Verdict.SKIPPED]),
                                time=f"{sum(c.seconds for c in members):.3f}")
        for case in members:
            test = ET.SubElement(element, "testcase", classname=suite, name=case.name, time=f"{case.seconds:.3f}")
            if case.verdict == Verdict.FAILED:
                ET.SubElement(test, "failure", message=case.message).text = case.output or case.message
            elif case.verdict == Verdict.SKIPPED:
                ET.SubElement(test, "skipped", message=case.message)
            elif case.output:
                ET.SubElement(test, "system-out").text = case.output
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
