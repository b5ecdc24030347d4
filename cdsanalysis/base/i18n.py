"""Vietnamese and English labels: progress statuses, their icons and colours.

A plain module of dictionaries and small lookup functions, so that notebooks, charts and the
terminal scoreboard say the same thing in the same words. English status labels are Statistics
Canada's wording; a status is never shown by colour alone, hence the icon beside each colour.
"""

from __future__ import annotations

from cdsanalysis.base.vocabulary import LANGS, STATUSES

STATUS_ORDER = STATUSES  # best first: the order of counts, legends and grids

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


# Words of the scoreboard and briefs, by key.
LABELS = {
    "vi": {
        "id": "Mã",
        "target_name": "Chỉ tiêu",
        "where": "Lĩnh vực / địa bàn",
        "latest": "Hiện tại",
        "target": "Mục tiêu",
        "status": "Đánh giá",
        "province_wide": "toàn tỉnh",
        "all_sectors": "tất cả lĩnh vực",
        "as_of": "số liệu đến",
        "sector": "lĩnh vực",
        "synthetic_banner": "DỮ LIỆU MẪU: có số liệu mẫu tổng hợp, không phải số liệu thật",
        "series": "chuỗi số liệu",
        "targets": "chỉ tiêu",
        "still_needed": "Còn cần",
        "no_data": "chưa có số liệu",
    },
    "en": {
        "id": "ID",
        "target_name": "Target",
        "where": "Sector / area",
        "latest": "Latest",
        "target": "Target",
        "status": "Status",
        "province_wide": "province-wide",
        "all_sectors": "all sectors",
        "as_of": "data as of",
        "sector": "sector",
        "synthetic_banner": "SYNTHETIC DATA: some figures are synthetic, not real",
        "series": "series",
        "targets": "targets",
        "still_needed": "Still needed",
        "no_data": "no data yet",
    },
}


def label(key: str, lang: str = "vi") -> str:
    """Return an interface word in the language.

    Parameters
    ----------
    key : str
        A key of :data:`LABELS`.
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown key.
    """
    return LABELS[_check_lang(lang)][key]


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
    if _check_lang(lang) == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
