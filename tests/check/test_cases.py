"""The JUnit report: valid XML CI viewers read, counts right, hostile names kept inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from campusnet.check.cases import Case, Verdict, junit_xml


def test_junit_has_a_suite_per_stage_with_counts_and_bodies() -> None:
    cases = [Case("devices", "sw-a-1", Verdict.PASSED, 0.25),
             Case("devices", "sw-a-2", Verdict.FAILED, 0.5, "template switch.j2: boom", "line 1\nline 2"),
             Case("server files router-1", "/etc/x (role)", Verdict.SKIPPED, message="no checker")]
    root = ET.fromstring(junit_xml(cases))
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "1"
    devices, servers = root.findall("testsuite")
    assert devices.get("name") == "devices" and devices.get("failures") == "1" and devices.get("time") == "0.750"
    failure = devices.findall("testcase")[1].find("failure")
    assert failure is not None and failure.get("message") == "template switch.j2: boom"
    assert failure.text == "line 1\nline 2"
    assert servers.find("testcase/skipped") is not None and servers.get("skipped") == "1"


def test_markup_in_names_and_messages_stays_text() -> None:
    hostile = '<script>alert("x")</script> & ]]>'
    root = ET.fromstring(junit_xml([Case(hostile, hostile, Verdict.FAILED, message=hostile, output=hostile)]))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == hostile
    failure = case.find("failure")
    assert failure is not None and failure.text == hostile and list(failure) == []
