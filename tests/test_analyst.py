"""The analyst's second day, through the public API only: errors, tidy tables, composable plots,
briefs from Python and another plan end to end."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from matplotlib.figure import Figure

import cdsanalysis as cds
from cdsanalysis.assessment.assess import COLUMNS
from cdsanalysis.base import paths, vocabulary
from cdsanalysis.base.plan_schema import TARGET_FIELDS
from cdsanalysis.cli import run

DOCS = paths.ROOT / "docs"


@pytest.fixture(scope="module")
def obs(demo_processed):
    return cds.load_observations(demo_processed, refresh=False)


@pytest.fixture(scope="module")
def plan():
    return cds.load_plan()


# --- errors -------------------------------------------------------------------------------------


def test_user_errors_are_one_value_error_type_in_both_languages(obs):
    assert issubclass(cds.CdsError, ValueError)
    with pytest.raises(cds.CdsError) as caught:
        cds.series("gov.dosiers_online", observations=obs)
    text = str(caught.value)
    assert text.index("mã chỉ tiêu") < text.index("unknown target id")  # Vietnamese first
    assert "gov.dossiers_online" in text
    with pytest.raises(cds.CdsError) as caught:
        cds.series("gov.dosiers_online", observations=obs, lang="en")
    assert str(caught.value).startswith("unknown target id") and "mã" not in str(caught.value)


def test_similar_ids_are_found_by_similarity_not_by_prefix(obs):
    with pytest.raises(cds.CdsError, match=r"similar: gov\.dossiers_online"):
        cds.series("dossiers_online", observations=obs, lang="en")


def test_a_wrong_sector_raises_the_same_error_in_series_and_assess(obs, plan):
    for call in (
        lambda: cds.series("gov.dossiers_online", sector="helth", observations=obs),
        lambda: cds.assess(obs, plan, sector="helth"),
        lambda: cds.yearly(obs, plan, sector="helth"),
    ):
        with pytest.raises(cds.UnknownNameError, match="similar: health"):
            call()
    with pytest.raises(cds.CdsError, match="one of urban, industry"):
        cds.assess(obs, plan, sector="finance", lang="en")


def test_integer_years_are_periods(obs, plan):
    pd.testing.assert_frame_equal(
        cds.assess(obs, plan, as_of=2024).drop(columns="views"),
        cds.assess(obs, plan, as_of="2024").drop(columns="views"),
    )
    with pytest.raises(cds.CdsError, match="as_of 'next year' cannot be read"):
        cds.assess(obs, plan, as_of="next year", lang="en")


def test_a_processed_folder_that_does_not_exist_is_an_error_not_created(tmp_path):
    typo = tmp_path / "typo" / "dir"
    with pytest.raises(cds.CdsError, match="does not exist"):
        cds.load_observations(typo)
    assert not typo.exists() and not typo.parent.exists()


def test_area_names_are_found_without_diacritics(obs):
    city = cds.series("gov.dossiers_online", area="Thành phố Dĩ An", observations=obs)
    assert len(city) and set(city["geo_code"]) == {"724"}
    for typed in ("Di An", "di an", "TP. Di An", "724"):
        found = cds.series("gov.dossiers_online", area=typed, observations=obs)
        pd.testing.assert_frame_equal(found, city)
    with pytest.raises(cds.CdsError, match="similar: Thành phố Dĩ An"):
        cds.series("gov.dossiers_online", area="Di Ann", observations=obs, lang="en")


def test_plot_areas_names_an_unknown_column(obs, plan):
    table = cds.assess(obs, plan)
    with pytest.raises(cds.CdsError, match="unknown column 'latest'; similar: latest_"):
        cds.plot_areas(table, value="latest", lang="en")


# --- tidy tables --------------------------------------------------------------------------------


def test_public_frames_have_datetime_periods_and_a_scope(obs):
    for frame in (obs, cds.series("econ.digital_economy_share.health", observations=obs)):
        assert pd.api.types.is_datetime64_any_dtype(frame["period_end"])
        assert pd.api.types.is_datetime64_any_dtype(frame["period_start"])
        assert (frame["period_end"].dt.year >= 2015).all()
        assert set(frame["scope"]) <= {"all_sectors", "sector"}
        assert ((frame["scope"] == "all_sectors") == (frame["sector"] == "")).all()
    assert {"all_sectors", "sector"} == set(obs["scope"])


def test_assess_columns_are_all_described_in_the_docs(obs, plan):
    text = (DOCS / "assessment-columns.md").read_text(encoding="utf-8")
    described = set(re.findall(r"^\| `([a-z_]+)`", text, flags=re.M))
    assert set(COLUMNS) <= described
    assert list(cds.assess(obs, plan).columns) == [*COLUMNS[:5], "scope", *COLUMNS[5:]]


def test_yearly_is_one_row_per_series_and_year(obs, plan):
    table = cds.yearly(obs, plan)
    keys = ["target_id", "sector", "geo_code", "geo_vintage", "year"]
    assert not table.duplicated(keys).any()
    assert pd.api.types.is_integer_dtype(table["year"])
    assert pd.api.types.is_datetime64_any_dtype(table["period_end"])
    assert not any(table[c].map(lambda v: isinstance(v, list | dict)).any() for c in table)
    dossiers = table[(table.target_id == "gov.dossiers_online") & (table.scope == "all_sectors")]
    assessed = cds.assess(obs, plan)
    row = assessed[(assessed.target_id == "gov.dossiers_online") & (assessed.sector == "")]
    row = row[row.geo_level == "province"].iloc[0]
    province = dossiers[dossiers.geo_level == "province"].sort_values("year")
    assert list(province["year"]) == list(row["years"])
    assert list(province["value"]) == list(row["values"])


# --- plots --------------------------------------------------------------------------------------


def _yearly_like(table: pd.DataFrame, target_id: str) -> pd.DataFrame:
    """A yearly table built by hand from the assessment, as an analyst may pass one."""
    rows = []
    for _, r in table[table.target_id == target_id].iterrows():
        for year, value in zip(r["years"], r["values"], strict=True):
            rows.append(
                dict(
                    target_id=target_id, sector=r.sector, geo_code=r.geo_code,
                    geo_level=r.geo_level, geo_name=r.geo_name, year=year, value=value,
                    provenance=r.provenance, period_kind="official", partial_year=False,
                )
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_every_plot_draws_into_given_axes_and_returns_their_figure(obs, plan):
    table = cds.assess(obs, plan)
    dossiers = table[table.target_id == "gov.dossiers_online"]
    districts = dossiers[dossiers.geo_level == "district"]
    fig = Figure(figsize=(12, 8), layout="constrained")
    axes = fig.subplots(2, 3).ravel()
    drawn = [
        cds.plot_series(dossiers.iloc[0], ax=axes[0]),
        cds.plot_areas(districts, target=50, ax=axes[1]),
        cds.plot_status_grid(dossiers, rows="target_id", cols="sector", ax=axes[2]),
        cds.tile_map(districts.set_index("geo_code")["latest_value"], ax=axes[3]),
        cds.plot_trend("gov.dossiers_online", table=_yearly_like(table, "gov.dossiers_online"),
                       ax=axes[4]),
    ]  # fmt: skip
    assert all(f is fig for f in drawn)
    assert all(ax.has_data() or ax.patches or ax.texts for ax in axes[:5])
    assert not axes[5].has_data()


def test_plot_trend_draws_one_line_per_sector_or_area_with_the_target(obs, plan):
    table = _yearly_like(cds.assess(obs, plan), "gov.dossiers_online")
    by_sector = cds.plot_trend("gov.dossiers_online", table=table, lang="en")
    ax = by_sector.axes[0]
    sectors = set(table[table.geo_level == "province"]["sector"])
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert len(labels) == len(sectors) and "Province-wide" in labels and "Health" in labels
    target_lines = [line for line in ax.get_lines() if list(line.get_ydata()) == [50, 50]]
    assert target_lines, "the target line is drawn"
    by_area = cds.plot_trend(
        "gov.dossiers_online", "area", table=table, areas=["Di An", "thu dau mot"]
    )
    names = {t.get_text() for t in by_area.axes[0].get_legend().get_texts()}
    assert names == {"Thành phố Dĩ An", "Thành phố Thủ Dầu Một"}
    with pytest.raises(cds.CdsError, match="'sector' or 'area'"):
        cds.plot_trend("gov.dossiers_online", "district", table=table, lang="en")


# --- docs of the catalogue ----------------------------------------------------------------------


def test_the_guide_lists_every_catalogue_field_and_allowed_value():
    guide = (DOCS / "user-guide.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 6. Add an indicator") : guide.index("## 7. Track")]
    fields = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)
    assert fields == TARGET_FIELDS
    for values in (vocabulary.PILLARS, vocabulary.UNITS, vocabulary.KINDS, vocabulary.LEVELS):
        for value in values:
            assert f"`{value}`" in section, value
    for value in (*vocabulary.COMPARISONS, *map(str, vocabulary.DIRECTIONS)):
        assert f"`{value}`" in section, value


# --- briefs and another plan --------------------------------------------------------------------


def test_a_wrong_brief_id_is_refused_before_anything_is_written(tmp_path):
    current = tmp_path / "reports" / "vi" / "health.html"
    current.parent.mkdir(parents=True)
    current.write_text("current", encoding="utf-8")
    with pytest.raises(cds.CdsError, match="similar: health"):
        cds.build_brief("helth", "en", out_dir=tmp_path / "reports")
    assert current.read_text(encoding="utf-8") == "current"


@pytest.mark.slow
def test_a_past_brief_never_replaces_the_current_one(tmp_path, demo_processed):
    out = tmp_path / "reports"
    latest = cds.build_brief("health", "vi", out_dir=out, processed_dir=demo_processed)
    before = latest.read_bytes()
    past = cds.build_brief("health", "vi", as_of=2024, out_dir=out, processed_dir=demo_processed)
    assert latest == out / "vi" / "health.html" and past == out / "2024" / "vi" / "health.html"
    assert latest.read_bytes() == before and past.read_bytes() != before


NEW_INDICATOR = {
    "id": "health.e_prescriptions",
    "code": "Y1",
    "name_vi": "Tỷ lệ đơn thuốc điện tử",
    "name_en": "Share of electronic prescriptions",
    "source_quote_vi": "tỷ lệ đơn thuốc điện tử đạt 80%",
    "pillar": "society",
    "sectors": ["health"],
    "unit": "percent",
    "kind": "level",
    "comparison": ">=",
    "target": 80,
    "deadline": "2025-12-31",
    "direction": 1,
    "limit": 100,
    "level": "province",
    "aliases": ["Đơn thuốc điện tử"],
    "interpretation": None,
    "rank_of": None,
}


def _plan_with_new_indicator(folder: Path) -> Path:
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    document["targets"].append(NEW_INDICATOR)
    path = folder / "my-plan.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _agency_csv(raw: Path) -> None:
    raw.mkdir(parents=True)
    (raw / "so-y-te.csv").write_text(
        "Chỉ tiêu,Đơn vị hành chính,Lĩnh vực,Kỳ báo cáo,Giá trị,Đơn vị tính\n"
        "Đơn thuốc điện tử,Tỉnh Bình Dương,Y tế,2023,41,%\n"
        "Đơn thuốc điện tử,Tỉnh Bình Dương,Y tế,2024,63,%\n",
        encoding="utf-8",
    )


def test_cds_clean_takes_the_plan_and_records_it(tmp_path, capsys):
    my_plan = _plan_with_new_indicator(tmp_path)
    _agency_csv(tmp_path / "raw")
    out = tmp_path / "processed"
    assert run(["clean", "--raw", str(tmp_path / "raw"), "--out", str(out)]) == 0
    assert cds.load_observations(out, refresh=False).empty
    capsys.readouterr()
    assert (
        run(["clean", "--raw", str(tmp_path / "raw"), "--out", str(out), "--plan", str(my_plan)])
        == 0
    )
    obs = cds.load_observations(out, refresh=False, plan=my_plan)
    assert capsys.readouterr().err == ""  # fresh for the plan it was made with
    assert list(obs["value"]) == [41.0, 63.0]
    assert set(obs["indicator_id"]) == {"health.e_prescriptions"}
    cds.load_observations(out, refresh=False)  # the project's plan: stale, and said so
    assert f"made with the plan {my_plan.resolve()}" in capsys.readouterr().err


@pytest.mark.slow
def test_a_new_indicator_goes_from_an_agency_csv_to_a_brief(tmp_path):
    my_plan = _plan_with_new_indicator(tmp_path)
    _agency_csv(tmp_path / "raw")
    out = tmp_path / "processed"
    out.mkdir()
    obs = cds.load_observations(out, raw_dir=tmp_path / "raw", plan=my_plan)
    assert list(obs["value"]) == [41.0, 63.0]
    page = cds.build_brief(
        "health", "en", processed_dir=out, plan=my_plan, out_dir=tmp_path / "reports"
    )
    html = page.read_text(encoding="utf-8")
    assert "Share of electronic prescriptions" in html and "63" in html
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    assert (
        cds.series("health.e_prescriptions", observations=obs, plan=my_plan)["target"].eq(80).all()
    )
