"""One guarded way to read a YAML file the suite is handed (a plan, a sidecar).

YAML can do more than a catalogue needs, and some of it is dangerous on untrusted input:

- Anchors and aliases (``&a`` / ``*a``) are refused outright, found in the event stream before
  anything is constructed, so nested aliases ("billion laughs") never expand.
- A file over ``max_bytes`` is refused from its size on disk, before it is read.
- ``text_scalars=True`` keeps every scalar as written (``area: 0724`` stays "0724", not the
  octal 468; ``yes`` stays "yes"), for files whose values are codes.
- Keys outside an allowed set are for the caller to report; :func:`unknown_keys` lists them with
  the closest allowed key.

Every message names the file and never copies unbounded input.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from cdsanalysis.base.text import clip

__all__ = ["PLAN_MAX_BYTES", "SIDECAR_MAX_BYTES", "YamlFileError", "read_yaml", "unknown_keys"]

#: Size limits: a plan catalogue is a few tens of kilobytes, a sidecar a few hundred bytes.
PLAN_MAX_BYTES = 1_000_000
SIDECAR_MAX_BYTES = 64_000

# libyaml's loaders when PyYAML was built with it (several times faster), else the pure ones.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
# A parser's message quotes the offending line; it is cut to this many characters.
_MESSAGE_WIDTH = 300


class YamlFileError(ValueError):
    """A YAML file that cannot be used; the message names the file and the reason."""


def read_yaml(
    path: str | Path, *, max_bytes: int, what: str = "file", text_scalars: bool = False
) -> Any:
    """Read a YAML file, refusing aliases, anchors and oversized files.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    max_bytes : int
        The largest size accepted (:data:`PLAN_MAX_BYTES`, :data:`SIDECAR_MAX_BYTES`).
    what : str, default "file"
        What the file is, for messages ("plan file", "sidecar").
    text_scalars : bool, default False
        Keep every scalar as text instead of resolving numbers, booleans, dates and nulls.

    Returns
    -------
    object
        The document (a mapping, for the files the suite reads); None for an empty file.

    Raises
    ------
    YamlFileError
        When the file is missing, unreadable, over ``max_bytes``, not YAML, or uses anchors or
        aliases. The message starts with the path.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlFileError(
                f"{path}: the {what} is {size:,} bytes, over the limit of {max_bytes:,} bytes"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except FileNotFoundError:
        raise YamlFileError(f"{path}: {what} not found") from None
    except OSError as exc:
        raise YamlFileError(f"{path}: cannot read the {what} ({exc})") from None
    if len(data) > max_bytes:
        raise YamlFileError(f"{path}: the {what} is over the limit of {max_bytes:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(f"{path}: cannot read the {what} ({exc})") from None
    loader = _TEXT_LOADER if text_scalars else _SAFE_LOADER
    try:
        _refuse_anchors(text, loader, path, what)
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise YamlFileError(clip(f"{path}: not valid YAML ({exc})", _MESSAGE_WIDTH)) from None


def _refuse_anchors(text: str, loader: type, path: Path, what: str) -> None:
    """Raise at the first anchor or alias of the event stream, before any node is built."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1 if event.start_mark is not None else "?"
            raise YamlFileError(
                f"{path}: line {line}: YAML anchors and aliases ('&name', '*name') are not "
                f"accepted in a {what}; write each value out"
            )


def unknown_keys(mapping: Mapping, allowed: Iterable[str]) -> list[tuple[str, str | None]]:
    """List the keys of ``mapping`` that are not in ``allowed``, each with the closest allowed key.

    Parameters
    ----------
    mapping : Mapping
        A mapping read from a file.
    allowed : iterable of str
        The keys the file may have.

    Returns
    -------
    list of (str, str or None)
        Each unknown key (as text, cut when long) and the allowed key it most resembles, or None
        when none is close; in the mapping's order.

    Examples
    --------
    >>> unknown_keys({"area": "0724", "perod": "2024"}, ["area", "period"])
    [('perod', 'period')]
    """
    allowed = list(allowed)
    out = []
    for key in mapping:
        if key in allowed:
            continue
        text = clip(str(key), 60)
        close = difflib.get_close_matches(text, allowed, n=1, cutoff=0.6)
        out.append((text, close[0] if close else None))
    return out
