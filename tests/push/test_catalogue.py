"""The reply catalogues (campusnet/platforms/replies/*.yml): sourced, consistent, and what they decide."""

from __future__ import annotations

import pytest

from campusnet.platforms import replies as catalogue

PLATFORMS = catalogue.platforms()


def test_every_pushed_platform_has_a_catalogue() -> None:
    assert PLATFORMS == ["cisco_ios", "hp_procurve"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_entry_is_sourced_and_matches_its_example_and_its_printed_text(platform: str) -> None:
    book = catalogue.load(platform)
    entries = [*book.errors, *book.harmless, *book.pager, *book.replies.values()]
    assert len({e.key for e in entries}) == len(entries), "keys must be unique across kinds"
    for entry in entries:
        assert entry.sources and set(entry.sources) <= set(book.sources), f"{entry.key}: unknown source"
        assert entry.search(entry.example), f"{platform}: {entry.key} does not match its own example"
        printed = catalogue.reply(platform, entry.key, **dict.fromkeys(entry.fields, "5000"))
        assert entry.search(printed), f"{platform}: {entry.key} text"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_errors_and_harmless_texts_do_not_overlap(platform: str) -> None:
    book = catalogue.load(platform)
    for entry in book.errors:
        assert book.classify(entry.example).kind == "rejected", entry.key
    for entry in book.harmless:
        verdict = book.classify(entry.example)
        assert verdict.ok and verdict.notes, f"{entry.key}: {verdict}"


def test_ios_caret_refusal_names_the_error_line() -> None:
    body = catalogue.reply("cisco_ios", "invalid_input", caret="                 ^")
    verdict = catalogue.load("cisco_ios").classify(body)
    assert verdict.kind == "rejected" and verdict.error == "invalid_input"
    assert verdict.text == "% Invalid input detected at '^' marker."


def test_an_unknown_text_is_unexpected_even_after_a_harmless_one() -> None:
    book = catalogue.load("cisco_ios")
    warning = book.harmless[0].example
    verdict = book.classify(f"{warning}\n% Flux capacitor not calibrated\n")
    assert verdict.kind == "unexpected" and verdict.text == "% Flux capacitor not calibrated"
    assert verdict.notes and verdict.notes[0].startswith("%Warning: portfast")


def test_a_quiet_reply_is_ok() -> None:
    assert catalogue.load("hp_procurve").classify("\n  \n").ok


def test_procurve_refusals_seen_on_real_switches() -> None:
    book = catalogue.load("hp_procurve")
    for text in ("Invalid input: bogus", "Module not present for port or invalid port: 53", "Incomplete input: vlan"):
        assert book.classify(text).kind == "rejected", text
