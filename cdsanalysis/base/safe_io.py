"""Safe output: formula-injection guard for CSV/XLSX text cells, and atomic file writes.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(CWE-1236; a leading tab or carriage return is guarded too), so text the suite writes for people
to open is prefixed with a single quote; numbers are never touched. Outputs are written to a
temporary file or folder beside their destination and moved into place with :func:`os.replace`,
so a run that fails or is killed leaves the previous files as they were.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

#: Leading characters that make a spreadsheet evaluate a cell; a leading tab or carriage return
#: can hide one of them from a quick look, so those are guarded too (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: object) -> object:
    """Prefix ``text`` with ``'`` when a spreadsheet would read it as a formula.

    Parameters
    ----------
    text : object
        A cell. Only strings are changed; numbers, None and NaN come back as they are.

    Returns
    -------
    object
        ``"'" + text`` when ``text`` is a string starting with one of
        :data:`FORMULA_PREFIXES`; otherwise ``text`` unchanged.

    Examples
    --------
    >>> neutralise_formula("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> neutralise_formula(-5.0)
    -5.0
    """
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def neutralise_arrow(array):
    """Apply :func:`neutralise_formula` to every cell of an Arrow text array, at Arrow speed.

    Parameters
    ----------
    array : pyarrow.Array
        A ``string`` array (of a dictionary column, pass its dictionary: each distinct
        string is then guarded once).

    Returns
    -------
    pyarrow.Array
        ``array`` itself when no cell needs the prefix; otherwise a copy with ``"'"`` before
        every cell that starts with one of :data:`FORMULA_PREFIXES`. Nulls stay null.
    """
    import pyarrow.compute as pc

    risky = pc.starts_with(array, FORMULA_PREFIXES[0])
    for prefix in FORMULA_PREFIXES[1:]:
        risky = pc.or_(risky, pc.starts_with(array, prefix))
    if not pc.any(risky).as_py():
        return array
    return pc.if_else(risky, pc.binary_join_element_wise("'", array, ""), array)


def neutralise_frame(frame: pd.DataFrame, text_columns: Iterable[str]) -> pd.DataFrame:
    """Return a copy of ``frame`` with :func:`neutralise_formula` applied to ``text_columns``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table about to be written.
    text_columns : iterable of str
        The columns holding text; categorical columns of text are neutralised whether
        listed or not, numeric columns never, even when listed (a negative number stays a
        number).

    Returns
    -------
    pandas.DataFrame
        A new frame, its column labels neutralised too; ``frame`` itself is not modified.
    """
    out = frame.copy()
    listed = list(text_columns)
    # a categorical column of text is text, listed or not
    listed += [
        n
        for n in out.columns
        if n not in listed
        and isinstance(out[n].dtype, pd.CategoricalDtype)
        and not pd.api.types.is_numeric_dtype(out[n].cat.categories)
    ]
    for name in listed:
        column = out[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            # categories are the text a spreadsheet shows
            categories = [neutralise_formula(c) for c in column.cat.categories]
            if len(set(categories)) == len(categories):
                out[name] = column.cat.rename_categories(categories)
            else:  # "=x" and "'=x" both present: plain text then
                out[name] = column.astype(object).map(neutralise_formula)
            continue
        if not (pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)):
            continue  # a numeric column: never altered
        text = column.astype("string")
        risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
        if risky.any():
            out[name] = column.astype(object).where(~risky, "'" + text.astype(object))
    # a header is a text cell too (a table pivoted on data has data in its headers)
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples(
            [tuple(neutralise_formula(x) for x in key) for key in out.columns],
            names=out.columns.names,
        )
    else:
        out.columns = pd.Index([neutralise_formula(c) for c in out.columns], name=out.columns.name)
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# A written file gets the mode an ordinary open() gives it (0644 under the usual umask), not the
# 0600 of a temporary file: briefs and processed data are read by other users and web servers.
_FILE_MODE = 0o666 & ~_umask()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a folder; the rename itself is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename.

    Parameters
    ----------
    path : str or pathlib.Path
        The destination; its folder is created when missing.
    data : bytes
        The whole content.

    Returns
    -------
    pathlib.Path
        The destination path.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`).

    Newlines are written as given (no platform translation), so output is byte-identical
    everywhere.
    """
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_replace_dir_files(tmpdir: str | Path, outdir: str | Path, names: Iterable[str]) -> None:
    """Move the files ``names`` from ``tmpdir`` into ``outdir``, each with one atomic rename.

    ``tmpdir`` must be on the same file system as ``outdir`` (create it beside ``outdir``).
    Every file is complete before the first rename, so a failure while writing them leaves
    ``outdir`` untouched; each rename replaces one previous file at once.

    Parameters
    ----------
    tmpdir : str or pathlib.Path
        The folder holding the finished files.
    outdir : str or pathlib.Path
        The destination folder; created when missing.
    names : iterable of str
        File names (no folders) to move.
    """
    source, target = Path(tmpdir), Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    names = list(names)
    missing = [n for n in names if not (source / n).is_file()]
    if missing:
        raise FileNotFoundError(f"{source}: files to move are missing: {', '.join(missing)}")
    for name in names:
        with open(source / name, "rb") as handle:
            os.fsync(handle.fileno())
    for name in names:
        os.replace(source / name, target / name)
    _fsync_dir(target)
