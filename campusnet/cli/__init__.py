"""Invoke task namespaces. Each module holds thin tasks that call the package."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from invoke.exceptions import Exit

from campusnet.errors import CampusnetError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_INVENTORY = "inventories/example"


def clear_errors(func: F) -> F:
    """Turn a CampusnetError into one red line on stderr and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CampusnetError as error:
            print(f"error: {error}", file=sys.stderr)
            raise Exit(code=error.exit_code) from None
        except KeyboardInterrupt:
            print("error: interrupted", file=sys.stderr)
            raise Exit(code=130) from None

    return wrapper  # type: ignore[return-value]


def build_namespace() -> Any:
    """Assemble every module of this package into one invoke Collection.

    A module contributes ``TOP_LEVEL`` (tasks shown without a prefix, the pipeline
    verbs such as ``validate``) and/or ``NAMESPACE`` (a named Collection such as
    ``sim``). Discovery keeps tasks.py thin and lets a new namespace be one file.
    """
    import importlib
    import pkgutil

    from invoke import Collection

    root = Collection()
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for task in getattr(module, "TOP_LEVEL", ()):
            root.add_task(task)
        namespace = getattr(module, "NAMESPACE", None)
        if namespace is not None:
            root.add_collection(namespace)
    return root
