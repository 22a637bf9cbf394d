"""Protective orders through their lifecycle, with statutory checks and breaches (handmade.py)."""

from __future__ import annotations

import json

import pytest

from stalkscreen import store
from stalkscreen.casework import orders, rules as casework_rules
from stalkscreen.errors import StalkscreenError

from .handmade import AS_OF, build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("orders") / "store.duckdb")


@pytest.fixture(scope="module")
def listed(db):
    con = store.connect(db, read_only=True)
    try:
        return {r["order_id"]: r for r in orders.list_orders(con, casework_rules.load(), AS_OF)}
    finally:
        con.close()


def test_each_order_has_the_status_its_latest_step_gives(listed):
    assert {k: r["status"] for k, r in listed.items()} == {
        "O1": "active", "O2": "active", "O3": "not_pursued", "O4": "active", "O5": "expired",
        "O6": "discharged", "O7": "interim", "O8": "considered"}


def test_a_full_spo_for_less_than_two_years_is_found_and_one_for_exactly_two_is_not(listed):
    assert ([f for f in listed["O1"]["findings"] if f.startswith("term under")],
            [f for f in listed["O2"]["findings"] if f.startswith("term under")]) == (
        ["term under the 2-year minimum (SPA 2019 s3): made 2026-04-01, expires 2027-10-01"], [])


def test_a_notification_more_than_three_days_after_service_is_late(listed):
    assert "notified late: 2026-04-07, due 2026-04-05" in listed["O1"]["findings"]


def test_an_spo_served_with_no_notification_after_three_days_is_found(listed):
    assert listed["O6"]["findings"] == ["no notification by the subject within 3 days of service (due 2026-04-24)"]


def test_a_notification_not_yet_due_is_not_a_finding(listed):
    assert (listed["O7"]["notify_by"].isoformat(), listed["O7"]["findings"]) == ("2026-11-02", [])


def test_a_breach_is_linked_to_the_crime_its_detail_names(listed):
    assert (listed["O1"]["breaches"], listed["O1"]["breach_crimes"]) == (1, ["C8"])


def test_a_breach_naming_no_crime_is_a_finding(listed):
    assert listed["O2"]["findings"] == ["1 breach(es) not linked to a crime"]


def test_an_order_reaches_its_crime_through_the_subject(listed):
    assert (listed["O1"]["crime_id"], listed["O4"]["crime_id"]) == ("C2", "C4")


def test_every_row_names_the_rules_version(listed):
    assert {r["rules_version"] for r in listed.values()} == {casework_rules.load().version}


def test_expiring_within_lists_only_orders_in_force_expiring_in_that_many_days(db):
    con = store.connect(db, read_only=True)
    try:
        rows = orders.list_orders(con, casework_rules.load(), AS_OF, expiring_within=30)
    finally:
        con.close()
    assert [(r["order_id"], r["days_to_expiry"]) for r in rows] == [("O4", 20)]


def test_status_breached_lists_orders_with_a_breach(db):
    con = store.connect(db, read_only=True)
    try:
        rows = orders.list_orders(con, casework_rules.load(), AS_OF, status="breached")
    finally:
        con.close()
    assert sorted(r["order_id"] for r in rows) == ["O1", "O2"]


def test_an_unknown_status_is_refused_naming_the_statuses():
    with pytest.raises(StalkscreenError, match="--status 'live': not an order status"):
        orders.check_status("live")


def test_the_steps_of_an_order_are_dated_and_attributed(db):
    con = store.connect(db, read_only=True)
    try:
        steps = orders.steps(con, "O3")
    finally:
        con.close()
    assert [(s["step"], s["at"].isoformat(), s["by"], s["detail"]) for s in steps] == [
        ("considered", "2026-03-09T10:00:00", "DS 1", None),
        ("not_pursued", "2026-03-12T10:00:00", "DI 1", "insufficient evidence of risk")]


def test_the_orders_command_lists_breached_orders_as_json(db, cli):
    code, out, _ = cli("--db", db, "orders", "--status", "breached", "--as-of", "2026-10-31", "--format", "json")
    assert (code, sorted(r["order_id"] for r in json.loads(out))) == (0, ["O1", "O2"])


def test_the_orders_command_refuses_an_unknown_order(db, cli):
    code, _, err = cli("--db", db, "orders", "--order", "O99")
    assert (code, err.splitlines()[0]) == (2, "error: --order 'O99': no such order in the store")
