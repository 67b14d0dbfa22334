"""Errors that end a command with one clear line instead of a traceback."""

from __future__ import annotations


class CampusnetError(Exception):
    """An expected failure: bad input, unreachable device, missing tool.

    The CLI prints ``str(error)`` as the last line and exits non-zero.
    """

    exit_code = 1
