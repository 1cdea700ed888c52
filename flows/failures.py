"""Which file a run's error concerns, for the message and ``pipeline_runs.error_file``.

A failed SQL model names its ``.sql`` file, a failed report template its ``.j2``
file and line; anything else names the innermost line of newsfacts' own code in
the traceback (or an article file, when the error says which).
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

# newsfacts' own packages: a traceback line in one of them is where the error is ours.
_OWN = ("extractors", "flows", "warehouse")


def _shown(path: str) -> str:
    """A path relative to the package root when it is one of ours, else as given."""
    parts = Path(path).parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in _OWN:
            return "/".join(parts[i:])
    return path


def error_file(exc: BaseException) -> str | None:
    """The file (and line, when known) that ``exc`` concerns, or None."""
    from warehouse.db import ModelError

    if isinstance(exc, ModelError):
        return _shown(exc.path)
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{_shown(exc.filename)}:{exc.lineno}"
    path = getattr(exc, "path", None) or getattr(exc, "filename", None)
    if isinstance(path, str) and path:
        return _shown(path)
    own = None
    for frame in traceback.extract_tb(exc.__traceback__):
        # Jinja rewrites a template's frames to point at the template and its line.
        if frame.filename.endswith(".j2"):
            return f"{_shown(frame.filename)}:{frame.lineno}"
        if any(part in _OWN for part in Path(frame.filename).parts[-3:-1]):
            own = f"{_shown(frame.filename)}:{frame.lineno}"
    if exc.__cause__ is not None and own is None:
        return error_file(exc.__cause__)
    return own
