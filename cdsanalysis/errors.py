"""The one exception type for an analyst's mistakes, worded in Vietnamese and English.

:class:`CdsError` is a :class:`ValueError`: a wrong id, sector, area, period or folder. Its
message is in the language asked for, or in both (Vietnamese first, English beside) when none
was. :func:`suggest` finds the choices closest to what was typed, by similarity of the words
without diacritics ("Di An" finds "Dĩ An", "gov.dosiers_online" finds "gov.dossiers_online"),
never by a shared prefix alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

from cdsanalysis.base.text import fold

#: The least similarity (0-100) a choice needs to be suggested.
SIMILARITY_CUTOFF = 60.0


class CdsError(ValueError):
    """A user error: a wrong id, sector, area name, period or folder, with what would work.

    Parameters
    ----------
    vi, en : str
        The message in Vietnamese and in English.
    lang : {"vi", "en"}, optional
        The language of ``str(error)``; None gives both, Vietnamese first.

    Attributes
    ----------
    vi, en : str
        The message in each language (:meth:`text` picks one).
    """

    def __init__(self, vi: str, en: str, *, lang: str | None = None):
        self.vi, self.en, self.lang = vi, en, lang
        super().__init__(self.text(lang))

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("vi" or "en"); both, Vietnamese first, for None."""
        if lang == "vi":
            return self.vi
        if lang == "en":
            return self.en
        return f"{self.vi} / {self.en}"

    def __str__(self) -> str:
        return self.text(self.lang)


class UnknownNameError(CdsError, KeyError):
    """An id, sector or area that is not known; also a :class:`KeyError`, as a lookup miss is."""


def suggest(typed: str, choices: Iterable[str], *, limit: int = 5) -> list[str]:
    """The choices most similar to ``typed``, best first, compared without diacritics or case.

    Parameters
    ----------
    typed : str
        What the analyst typed.
    choices : iterable of str
        The valid names.
    limit : int, default 5

    Returns
    -------
    list of str
        At most ``limit`` choices scoring at least :data:`SIMILARITY_CUTOFF`.
    """
    options = list(dict.fromkeys(choices))
    found = process.extract(
        fold(str(typed)),
        [fold(c) for c in options],
        scorer=fuzz.WRatio,
        processor=utils.default_process,  # punctuation as spaces: words compared as words
        limit=limit,
        score_cutoff=SIMILARITY_CUTOFF,
    )
    return [options[index] for _, _, index in found]


def unknown(
    what_vi: str,
    what_en: str,
    typed: object,
    choices: Iterable[str],
    *,
    list_all: bool = False,
    lang: str | None = None,
) -> UnknownNameError:
    """The error for a name that is not one of ``choices``, with the most similar ones.

    Parameters
    ----------
    what_vi, what_en : str
        What the name names, e.g. "mã chỉ tiêu" / "target id".
    typed : object
        What the analyst typed.
    choices : iterable of str
        The valid names.
    list_all : bool, default False
        List every choice when none is similar (for a short list, such as the sectors).
    lang : {"vi", "en"}, optional
        See :class:`CdsError`.
    """
    options = list(choices)
    close = suggest(str(typed), options)
    vi = f"{what_vi} {typed!r} không có"
    en = f"unknown {what_en} {typed!r}"
    if close:
        listed = ", ".join(close)
        vi, en = f"{vi}; gần giống: {listed}", f"{en}; similar: {listed}"
    elif list_all:
        listed = ", ".join(options)
        vi, en = f"{vi}; chọn một trong: {listed}", f"{en}; one of {listed}"
    return UnknownNameError(vi, en, lang=lang)
