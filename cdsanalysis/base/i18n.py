"""Words, numbers and status marks in the reader's language.

Small lookup functions over the catalogues of :mod:`cdsanalysis.base.labels` (one per language),
so that notebooks, charts, the briefs and the terminal scoreboard say the same thing in the same
words, plus each status's icon and colour: a status is never shown by colour alone, hence the
icon beside each colour.
"""

from __future__ import annotations

from typing import Any

from cdsanalysis.base.labels import CATALOGUES
from cdsanalysis.base.vocabulary import LANGS, STATUSES

STATUS_ORDER = STATUSES  # best first: the order of counts, legends and grids

# Text symbols, distinct in shape so that status reads without colour (and in print).
STATUS_ICONS = {
    "target_achieved": "✔",
    "substantial_progress": "▲",
    "moderate_progress": "◆",
    "limited_progress": "▼",
    "deterioration": "✖",
    "not_available": "?",
}

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "target_achieved": "#0072B2",  # blue
    "substantial_progress": "#009E73",  # bluish green
    "moderate_progress": "#F0E442",  # yellow
    "limited_progress": "#E69F00",  # orange
    "deterioration": "#D55E00",  # vermillion
    "not_available": "#999999",  # grey
}


def _check_status(status: str) -> str:
    if status not in STATUS_ICONS:
        raise ValueError(f"unknown status {status!r} (one of {', '.join(STATUS_ORDER)})")
    return status


def check_lang(lang: str) -> str:
    """Return ``lang`` when it is a language of the suite; else raise ValueError listing them."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGS)})")
    return lang


def status_label(status: str, lang: str = "vi") -> str:
    """Return the words for a progress status.

    Parameters
    ----------
    status : str
        One of :data:`STATUS_ORDER`.
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown status or language; the message lists the valid ones.

    Examples
    --------
    >>> status_label("substantial_progress", "en")
    'On track'
    """
    return CATALOGUES[check_lang(lang)]["statuses"][_check_status(status)]


def status_icon(status: str) -> str:
    """Return the text symbol of a progress status (✔ ▲ ◆ ▼ ✖ ?).

    Parameters
    ----------
    status : str
        One of :data:`STATUS_ORDER`.

    Returns
    -------
    str
    """
    return STATUS_ICONS[_check_status(status)]


def status_colour(status: str) -> str:
    """Return the colour of a progress status as a hex string ("#0072B2").

    Parameters
    ----------
    status : str
        One of :data:`STATUS_ORDER`.

    Returns
    -------
    str
    """
    return STATUS_COLOURS[_check_status(status)]


def pillar_name(pillar: str, lang: str = "vi") -> str:
    """Return the name of a pillar of the plan ("Chính quyền số", "Digital government").

    Parameters
    ----------
    pillar : {"government", "economy", "society"}
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    str
    """
    return CATALOGUES[check_lang(lang)]["pillars"][pillar]


def label(key: str, lang: str = "vi", **values: Any) -> str:
    """Return the words for ``key`` in ``lang``, with ``{placeholders}`` filled.

    Parameters
    ----------
    key : str
        A key of the ``words`` table of :data:`cdsanalysis.base.labels.CATALOGUES`.
    lang : {"vi", "en"}, default "vi"
    **values
        Values for the placeholders; none: the words as they are.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown key.
    ValueError
        For an unknown language.

    Examples
    --------
    >>> label("areas_met", "en", met=3, n=9, what="districts")
    '3 of 9 districts met'
    """
    text = CATALOGUES[check_lang(lang)]["words"][key]
    return text.format(**values) if values else text


def format_number(value: float, lang: str = "vi", decimals: int = 2) -> str:
    """Format a number the way readers of the language write it.

    Vietnamese writes "1.234,5" (dot thousands, comma decimals); English "1,234.5". Trailing
    zeros are dropped.

    Parameters
    ----------
    value : float
    lang : {"vi", "en"}, default "vi"
    decimals : int, default 2
        At most this many decimals.

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(1234.5, "vi"), format_number(1234.5, "en")
    ('1.234,5', '1,234.5')
    """
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if check_lang(lang) == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
