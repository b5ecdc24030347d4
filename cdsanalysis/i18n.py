"""Vietnamese and English labels: progress statuses, their icons and colours.

A plain module of dictionaries and small lookup functions, so that notebooks, charts and the
terminal scoreboard say the same thing in the same words. English status labels are Statistics
Canada's wording; a status is never shown by colour alone, hence the icon beside each colour.
"""

from __future__ import annotations

LANGS = ("vi", "en")

STATUS_ORDER = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)

STATUS_LABELS = {
    "vi": {
        "target_achieved": "Đã đạt mục tiêu",
        "substantial_progress": "Đúng tiến độ",
        "moderate_progress": "Có tiến bộ, cần tăng tốc",
        "limited_progress": "Tiến bộ hạn chế",
        "deterioration": "Đi xuống",
        "not_available": "Chưa đủ dữ liệu",
    },
    "en": {
        "target_achieved": "Target achieved",
        "substantial_progress": "On track",
        "moderate_progress": "Progress made but acceleration needed",
        "limited_progress": "Limited progress",
        "deterioration": "Deterioration",
        "not_available": "Not available",
    },
}

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


def _check_lang(lang: str) -> str:
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
    return STATUS_LABELS[_check_lang(lang)][_check_status(status)]


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
