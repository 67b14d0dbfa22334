"""What each platform's CLI answers to a refused line: texts as data, with their sources.

One YAML file per platform beside this module. The simulators print these texts and
the push code's rejected-line patterns must match them. Owned by the safe-push work
(issue 9); issue 10 started the file with the refusals its argument checks need.
A text is a ``str.format`` template; its placeholders are listed in ``fields``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

HERE = Path(__file__).resolve().parent


class ReplyText(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    fields: list[str] = []
    when: str
    source: str


class RepliesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: str
    replies: dict[str, ReplyText]


@cache
def replies(platform: str) -> dict[str, ReplyText]:
    """Reply key -> text for ``platform`` (KeyError naming the platform when it has none)."""
    path = HERE / f"{platform}.yml"
    if not path.exists():
        raise KeyError(f"no reply catalogue for platform {platform!r}")
    return RepliesFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).replies


def reply(platform: str, key: str, **fields: str) -> str:
    return replies(platform)[key].text.format(**fields)
