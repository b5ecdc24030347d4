"""What a leader reads first: the verdict line, the targets furthest behind, the folded appendix,
the brief's own language, and the PDF for the meeting (`cds briefs --pdf`)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.content import load_context
from cdsanalysis.briefs.lead import furthest_behind, gap_share, lead_name, lead_section
from cdsanalysis.briefs.params import validate_overview_params, validate_params
from cdsanalysis.briefs.scoreboard import TargetLine
from cdsanalysis.briefs.verdicts import VerdictText


def _line(code, status, value, target, *, kind="level", verdict="", rank_of=None, areas=None):
    head = None if value is None else {"n_points": 3, "latest_value": value}
    return TargetLine(
        target={"id": code, "kind": kind, "target": target, "rank_of": rank_of},
        code=code,
        name=code,
        short_name=code,
        status=status,
        score=None,
        achieved=status == "target_achieved",
        head=head,
        context=None,
        areas=areas if areas is not None else pd.DataFrame(),
        area_scope=None,
        rank_of=rank_of,
        verdict=VerdictText(verdict=verdict),
    )


def test_progress_order_is_status_first_then_the_gap_as_a_share_of_the_target():
    lines = [
        _line("A", "target_achieved", 100, 90),
        _line("B", "moderate_progress", 45, 50),  # 10 % short
        _line("C", "moderate_progress", 30, 50),  # 40 % short
        _line("D", "deterioration", 79, 80),  # worst status, smallest gap
        _line("E", "substantial_progress", 10, 80),
    ]
    assert [x.code for x in furthest_behind(lines, final=False)] == ["D", "C", "B"]
    assert [x.code for x in furthest_behind(lines, final=False, n=5)] == ["D", "C", "B", "E"]


def test_final_order_is_not_met_then_no_data_and_ranks_go_by_places():
    lines = [
        _line("K1", "limited_progress", 9, 3, kind="rank", verdict="not_met", rank_of=63),
        _line("G4", "limited_progress", 49.4, 50, verdict="not_met"),  # 1.2 % short
        _line("G6", "limited_progress", 49.6, 50, verdict="not_met"),  # 0.8 % short
        _line("S1", "not_available", None, 80, verdict="no_data"),
        _line("G1", "target_achieved", 100, 100, verdict="met"),
    ]
    # K1: 6 places behind the top 3 of 63 provinces, 9.5 % of the ranking.
    assert gap_share(lines[0]) == pytest.approx(6 / 63)
    assert [x.code for x in furthest_behind(lines, final=True)] == ["K1", "G4", "G6"]
    assert [x.code for x in furthest_behind(lines, final=True, n=9)] == ["K1", "G4", "G6", "S1"]


def test_an_area_target_is_as_far_as_the_share_of_areas_that_missed():
    areas = pd.DataFrame({"n_points": [3, 3, 3, 0], "achieved": [True, False, False, None]})
    line = _line("G9b", "limited_progress", None, 80, areas=areas)
    assert gap_share(line) == pytest.approx(2 / 3)  # the area without data is not judged


@pytest.fixture(scope="module")
def contexts(demo_processed):
    """The vi health brief and the en overview on the shipped data, as built after the plan."""
    made = {}
    for sector, lang in (("health", "vi"), (None, "en"), ("health", "en"), (None, "vi")):
        if sector is None:
            params = validate_overview_params(lang, "latest", demo_processed, None)
        else:
            params = validate_params(sector, lang, "latest", demo_processed, None)
        made[(sector, lang)] = load_context(params, build_date=dt.date(2026, 3, 1))
    return made


def _text(html: str) -> str:
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_first_screen_names_the_verdict_counts_and_the_targets_furthest_behind(contexts):
    ctx = contexts[("health", "vi")]
    assert ctx.final
    text = _text(lead_section(ctx))
    counts = re.search(r"(\d+) trên (\d+) chỉ tiêu đạt, (\d+) không đạt, (\d+) không có", text)
    assert counts, text
    met, n, not_met, no_data = map(int, counts.groups())
    assert met + not_met + no_data == n == len(ctx.lines)
    behind = furthest_behind(ctx.lines, ctx.final)
    assert 2 <= len(behind) <= 3
    for line in behind:
        assert line.verdict.verdict in ("not_met", "no_data")
        assert f"{line.code} {lead_name(line.name)}" in text and line.target_text in text


def test_the_appendix_is_folded_and_keeps_every_section(contexts):
    ctx = contexts[("health", "vi")]
    html = bc.appendix_section(ctx)
    assert html.count('<details class="cds-appendix"') == 1
    assert '<details class="cds-appendix" id="appendix" open' not in html
    for section_id in ("quality", "method", "data"):
        assert f'id="{section_id}"' in html
    # print keeps a compact source list, without the addresses
    sources = html.split('class="cds-print-only cds-print-sources"')[1].split("</section>")[0]
    assert "<li>" in sources and "http" not in sources


ENGLISH_IN_VI = re.compile(
    r"\b(unknown_indicator|bad_value|bad_period|out_of_range|unknown_area|is not an indicator|"
    r"is not a valid period|is outside|no rank from|cannot assess|not yet|reached after)\b"
)


def test_nothing_english_in_a_vietnamese_brief_but_the_sources_own_titles(contexts):
    for key in (("health", "vi"), (None, "vi")):
        ctx = contexts[key]
        parts = [
            bc.header(ctx),
            lead_section(ctx),
            bc.summary_section(ctx),
            bc.scoreboard_section(ctx),
            bc.charts_section(ctx),
            bc.appendix_section(ctx),
        ]
        html = "".join(parts)
        # Source titles and file names keep their own language: they are named, not written.
        html = re.sub(r'<(a|span class="cds-(file|source|url)")[^>]*>.*?</(a|span)>', "", html)
        found = ENGLISH_IN_VI.findall(_text(html))
        assert found == [], (key, found)


def test_status_words_are_the_administrative_ones(contexts):
    from cdsanalysis.base import i18n

    words = [i18n.status_label(s, "vi") for s in i18n.STATUS_ORDER]
    assert words == [
        "Đã đạt",
        "Đúng tiến độ",
        "Có tiến bộ, cần đẩy nhanh",
        "Chậm tiến độ",
        "Xấu đi",
        "Chưa đủ số liệu",
    ]
    assert [i18n.label(f"verdict_{v}", "vi") for v in ("met", "not_met", "no_data")] == [
        "Đạt",
        "Không đạt",
        "Không có số liệu",
    ]
    # English keeps one "Target" header in the scoreboard.
    header = bc.scoreboard_section(contexts[("health", "en")]).split("</thead>")[0]
    assert _text(header).split().count("Target") == 1


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def _cds(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "cdsanalysis", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_pdf_without_chromium_is_refused_before_building(tmp_path, demo_processed):
    out = tmp_path / "reports"
    done = _cds(
        "briefs", "--sector", "health", "--lang", "vi", "--processed", str(demo_processed),
        "--out", str(out), "--pdf", env={"CDS_CHROMIUM": str(tmp_path / "no-browser")},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "CDS_CHROMIUM=" in done.stderr and "not an executable" in done.stderr
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_pdf_beside_each_brief_within_the_page_budget(tmp_path, demo_processed):
    out = tmp_path / "reports"
    args = ["briefs", "--sector", "health", "--sector", "overview", "--lang", "all"]
    args += ["--processed", str(demo_processed), "--out", str(out), "--pdf"]
    done = _cds(*args)
    assert done.returncode == 0, done.stderr
    assert "4 PDF printed, 0 up to date" in done.stdout
    for lang in ("vi", "en"):
        health, overview = out / lang / "health.pdf", out / lang / "overview.pdf"
        assert health.read_bytes()[:5] == b"%PDF-" and overview.read_bytes()[:5] == b"%PDF-"
        assert 1 <= _pdf_pages(health) <= 3, (lang, _pdf_pages(health))
        assert 1 <= _pdf_pages(overview) <= 6, (lang, _pdf_pages(overview))
    again = _cds(*args)
    assert "0 PDF printed, 4 up to date" in again.stdout
    assert not list(out.rglob(".*.pdf"))  # no temporary file left


def test_the_overview_shows_the_published_peers_beside_the_province(contexts):
    from cdsanalysis.base.peers import load_peers
    from cdsanalysis.briefs.peers_table import peers_section

    html = peers_section(contexts[(None, "vi")])
    text = _text(html)
    peers = load_peers()
    assert html.count("<tr>") == 1 + len(peers.groupby(["year", "ranked_among"]))
    assert "<strong>7. Bình Dương ◆</strong>" in html  # 2023: the province in the top ten
    for province in set(peers["province"]):
        assert province in text
    # The province's own published ranks stand beside the years before it entered the top ten.
    assert re.search(r"2022 63 tỉnh, thành .*? 19 A", text)
    assert peers_section(contexts[("health", "vi")]) != ""  # the plan has the DTI target
