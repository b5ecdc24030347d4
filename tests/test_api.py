"""The analyst's API: load_observations (cleaning first when stale) and series()."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

import cdsanalysis as cds
from cdsanalysis import api
from cdsanalysis.base import paths


@pytest.fixture()
def project_copy(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR / "published", raw / "published")
    (tmp_path / "processed").mkdir()  # a processed folder named must exist
    return raw, tmp_path / "processed"


def test_public_api_names_resolve():
    names = (
        "load_plan", "load_observations", "assess", "series", "series_progress", "yearly",
        "build_brief", "build_briefs", "plot_trend", "CdsError",
    )  # fmt: skip
    for name in names:
        assert callable(getattr(cds, name)), name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        cds.nope  # noqa: B018


def test_load_observations_cleans_when_missing_and_says_so(project_copy, capsys):
    raw, processed = project_copy
    result = api.load_observations(processed, raw_dir=raw)
    assert "cleaning the raw data first" in capsys.readouterr().err
    assert (processed / "observations.parquet").exists()
    assert set(result["provenance"]) == {"published"}
    # a second call reads what is there without cleaning again
    api.load_observations(processed, raw_dir=raw)
    assert capsys.readouterr().err == ""


def test_load_observations_cleans_again_when_a_raw_file_changes_not_when_touched(
    project_copy, capsys
):
    raw, processed = project_copy
    api.load_observations(processed, raw_dir=raw)
    capsys.readouterr()
    newest = max(p for p in raw.rglob("*.csv"))
    later = (processed / "observations.parquet").stat().st_mtime + 10
    os.utime(newest, (later, later))  # a newer date alone changes nothing
    assert api.processed_is_stale(raw, processed) == ""
    newest.write_bytes(newest.read_bytes() + b"\n")
    rel = newest.relative_to(raw).as_posix()
    assert f"raw file {rel} changed" in api.processed_is_stale(raw, processed)
    api.load_observations(processed, raw_dir=raw)
    assert f"raw file {rel} changed" in capsys.readouterr().err
    assert api.processed_is_stale(raw, processed) == ""


def test_load_observations_without_refresh_warns_and_never_cleans(project_copy, capsys):
    raw, processed = project_copy
    before = api.load_observations(processed, raw_dir=raw)
    capsys.readouterr()
    victim = sorted(raw.rglob("*.csv"))[0]
    victim.unlink()
    after = api.load_observations(processed, raw_dir=raw, refresh=False)
    err = capsys.readouterr().err
    assert "stale" in err and f"{victim.relative_to(raw).as_posix()} deleted" in err
    assert "cleaning the raw data first" not in err
    pd.testing.assert_frame_equal(before, after)


def test_series_is_one_tidy_series_with_its_target(project_copy):
    raw, processed = project_copy
    observations = api.load_observations(processed, raw_dir=raw)
    result = cds.series("rank.dti", observations=observations)
    assert list(result["period"]) == ["2020", "2021", "2022", "2023"]
    assert list(result["value"]) == [31.0, 22.0, 19.0, 7.0]
    assert (result["target"] == 10).all()
    assert (result["comparison"] == "<=").all()
    by_area = cds.series("rank.dti", area="Tỉnh Bình Dương", observations=observations)
    pd.testing.assert_frame_equal(by_area, result)


def test_series_refuses_unknown_ids(project_copy):
    raw, processed = project_copy
    observations = api.load_observations(processed, raw_dir=raw)
    with pytest.raises(KeyError, match="unknown target id 'rank.nope'"):
        cds.series("rank.nope", observations=observations)
    with pytest.raises(KeyError, match="unknown sector 'finance'"):
        cds.series("rank.dti", sector="finance", observations=observations)
