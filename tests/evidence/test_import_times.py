"""Times in an extraction become UTC: offsets are honoured, local times are read in the declared
zone, and local times the clock change skipped or repeated are refused, not guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import importing

from .handmade_import import BY, NOW, build, contacts, counts, reasons, write

LONDON = "Europe/London"


@pytest.fixture
def con(tmp_path):
    with store.connect(build(tmp_path)) as con:
        yield con


def _import(con, path, **kwargs):
    return importing.run(con, path, "C1", "contacts", "victim", by=BY, now=NOW, **kwargs)


def _times(con, source_id: int) -> dict[int, dt.datetime]:
    return dict(con.execute("SELECT line, at_utc FROM evidence_contacts WHERE source_id = ?", [source_id]).fetchall())


def _one_per_time(tmp_path, *times: str):
    """A contacts file with one row per time (line 2 onwards), each with its own party."""
    return contacts(tmp_path, "times.csv", [(t, "in", f"07700 900{n:03d}", "sms") for n, t in enumerate(times)])


def test_spring_forward_times_either_side_of_the_gap_convert_from_london_time(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "2026-03-29 00:30", "2026-03-29 02:30"), timezone=LONDON)
    assert _times(con, r.source_id) == {2: dt.datetime(2026, 3, 29, 0, 30), 3: dt.datetime(2026, 3, 29, 1, 30)}


def test_a_local_time_in_the_spring_forward_gap_is_quarantined_as_not_existing(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "2026-03-29 00:30", "2026-03-29 01:30"), timezone=LONDON)
    assert reasons(con, r.source_id) == {3: "timestamp '2026-03-29 01:30' does not exist in Europe/London: the clocks "
                                            "went forward over that local time; check the declared zone, or write an "
                                            "offset (Z, +01:00)"}


def test_autumn_times_either_side_of_the_repeated_hour_convert_from_london_time(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "2026-10-25 00:30", "2026-10-25 02:30"), timezone=LONDON)
    assert _times(con, r.source_id) == {2: dt.datetime(2026, 10, 24, 23, 30), 3: dt.datetime(2026, 10, 25, 2, 30)}


def test_an_ambiguous_autumn_local_time_is_quarantined_naming_both_utc_instants(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "2026-10-25 01:30"), timezone=LONDON)
    reason = reasons(con, r.source_id)[2]
    assert reason.startswith("timestamp '2026-10-25 01:30' is ambiguous in Europe/London")
    assert "at 2026-10-25 00:30:00 UTC and at 2026-10-25 01:30:00 UTC" in reason


def test_clock_change_rows_are_counted_read_loaded_and_quarantined(con, tmp_path):
    path = _one_per_time(tmp_path, "2026-03-29 00:30", "2026-03-29 01:30", "2026-03-29 02:30",
                         "2026-10-25 00:30", "2026-10-25 01:30", "2026-10-25 02:30")
    r = _import(con, path, timezone=LONDON)
    assert (r.rows_read, r.rows_loaded, r.rows_duplicate, r.rows_quarantined) == (6, 4, 0, 2)


def test_written_offsets_are_honoured(con, tmp_path):
    path = _one_per_time(tmp_path, "2026-06-01T10:00:00Z", "2026-06-01T10:00:00+01:00", "2026-06-01 10:00-05:00",
                         "2026-06-01T10:00:00.250+0530")
    r = _import(con, path)
    assert _times(con, r.source_id) == {2: dt.datetime(2026, 6, 1, 10, 0), 3: dt.datetime(2026, 6, 1, 9, 0),
                                        4: dt.datetime(2026, 6, 1, 15, 0), 5: dt.datetime(2026, 6, 1, 4, 30, 0, 250000)}


def test_a_written_offset_wins_over_the_declared_zone(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "2026-06-01T10:00:00Z"), timezone=LONDON)
    assert _times(con, r.source_id) == {2: dt.datetime(2026, 6, 1, 10, 0)}


def test_a_time_without_offset_or_declared_zone_is_quarantined_saying_how_to_declare_one(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "2026-03-01 10:00"))
    assert reasons(con, r.source_id) == {2: "timestamp '2026-03-01 10:00' has no time zone: write an offset (Z, +01:00) "
                                            "or declare the extraction's zone with --timezone or `timezone:` in the "
                                            "mapping"}


def test_an_unparseable_timestamp_is_quarantined_naming_the_value_and_the_format_expected(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "yesterday at 10", "2026-02-30 10:00:00Z"))
    assert reasons(con, r.source_id) == {
        2: "timestamp 'yesterday at 10' is not a date and time (expected an ISO 8601 date and time such as "
           "2026-03-01T10:00:00Z or 2026-03-01 11:00:00+01:00)",
        3: "timestamp '2026-02-30 10:00:00Z' is not a date and time (expected an ISO 8601 date and time such as "
           "2026-03-01T10:00:00Z or 2026-03-01 11:00:00+01:00)"}


def test_epoch_seconds_are_refused_by_default_with_a_pointer_to_the_mapping_option(con, tmp_path):
    r = _import(con, _one_per_time(tmp_path, "1772359200"))
    assert reasons(con, r.source_id)[2].endswith("declare `timestamp_format: epoch` (or epoch_ms) in a mapping")


def test_epoch_seconds_load_when_the_mapping_says_so(con, tmp_path):
    mapping = write(tmp_path, "epoch.yaml", "timestamp_format: epoch\n")
    r = _import(con, _one_per_time(tmp_path, "1772359200"), mapping=mapping)
    assert _times(con, r.source_id) == {2: dt.datetime(2026, 3, 1, 10, 0)}


def test_the_mappings_format_and_zone_read_day_first_local_times(con, tmp_path):
    mapping = write(tmp_path, "m.yaml", 'timezone: Europe/London\ntimestamp_format: "%d/%m/%Y %H:%M:%S"\n')
    r = _import(con, _one_per_time(tmp_path, "01/06/2026 10:00:00", "01/02/2026 10:00:00"), mapping=mapping)
    assert _times(con, r.source_id) == {2: dt.datetime(2026, 6, 1, 9, 0), 3: dt.datetime(2026, 2, 1, 10, 0)}


def test_a_value_not_in_the_mappings_format_is_quarantined_naming_the_format(con, tmp_path):
    mapping = write(tmp_path, "m.yaml", 'timezone: UTC\ntimestamp_format: "%d/%m/%Y %H:%M:%S"\n')
    r = _import(con, _one_per_time(tmp_path, "2026-06-01T10:00:00Z"), mapping=mapping)
    assert reasons(con, r.source_id) == {2: "timestamp '2026-06-01T10:00:00Z' is not a date and time (expected the "
                                            "mapping's timestamp_format '%d/%m/%Y %H:%M:%S')"}


def test_the_timezone_option_overrides_the_mappings_zone(con, tmp_path):
    mapping = write(tmp_path, "m.yaml", "timezone: UTC\n")
    r = _import(con, _one_per_time(tmp_path, "2026-06-01 10:00"), mapping=mapping, timezone=LONDON)
    assert _times(con, r.source_id) == {2: dt.datetime(2026, 6, 1, 9, 0)}


def test_the_declared_zone_is_recorded_with_the_source(con, tmp_path):
    _import(con, _one_per_time(tmp_path, "2026-06-01 10:00"), timezone="europe/london")
    assert importing.sources(con, "C1")[0]["timezone"] == LONDON


def test_an_unknown_zone_is_an_error_and_stores_nothing(con, tmp_path):
    before = counts(con)
    with pytest.raises(StalkscreenError, match=r"unknown time zone 'Mars/Olympus' \(--timezone\)"):
        _import(con, _one_per_time(tmp_path, "2026-06-01 10:00"), timezone="Mars/Olympus")
    assert counts(con) == before
