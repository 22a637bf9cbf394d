"""The contact timeline of a pair: which contacts are the pair's, totals, local days across the
clock change, the longest run, channels, core times, contacts after a no-contact request and while
an order was in force."""

from __future__ import annotations

import datetime as dt

from stalkscreen.evidence import analysis

from .handmade import CRIME, contacts, daily_messages, messages, new_store, party

T = dt.datetime


def _pair(con) -> dict:
    (pair,) = analysis.report(con, CRIME).pairs
    return pair


def test_contacts_with_a_third_party_are_not_the_pairs(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 2, 1, 10), T(2026, 2, 2, 10)]) + messages([T(2026, 2, 3, 10)], party="W1")
             + messages([T(2026, 2, 4, 10)], party="+447700900999"))
    assert _pair(con)["contacts"] == 2


def test_a_message_on_both_phones_counts_once(tmp_path):
    con = new_store(tmp_path)
    sent = [T(2026, 2, 1, 10), T(2026, 2, 2, 10), T(2026, 2, 3, 10)]
    contacts(con, "S1", messages(sent))
    contacts(con, "V1", messages(sent[:2] + [T(2026, 2, 4, 10)], direction="incoming", party="S1"))
    assert _pair(con)["contacts"] == 4


def test_the_victims_replies_on_her_phone_are_the_pairs_contacts(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "V1", messages([T(2026, 2, 1, 10), T(2026, 2, 1, 11)], direction="outgoing", party="S1"))
    assert _pair(con)["contacts"] == 2


def test_a_party_matched_to_the_victims_linked_record_on_another_crime_is_the_victim(tmp_path):
    con = new_store(tmp_path)
    con.execute("INSERT INTO person_records (person_record_id, crime_id, role, ingest_run_id) VALUES ('V9', 'E9', 'victim', 1)")
    con.execute("INSERT INTO people (person_id, person_record_id, status, link_run_id) VALUES "
                "('V1', 'V1', 'linked', 1), ('V1', 'V9', 'linked', 1)")
    party(con, "+447700900555", "V9")   # her new number, known from the other crime
    contacts(con, "S1", messages([T(2026, 2, 1, 10)], party="+447700900555") + messages([T(2026, 2, 2, 10)]))
    assert _pair(con)["contacts"] == 2


def test_pairs_are_labelled_by_person_key_with_names(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 2, 1, 10)]))
    pair = _pair(con)
    assert (pair["pair"], pair["suspect_person"], pair["victim_person"], pair["suspect_name"], pair["victim_name"]) == \
        ("S1 -> V1", "S1", "V1", "Sam Stone", "Vera Vale")


def test_a_pair_without_contact_is_not_listed(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 2, 1, 10)], party="W1"))
    assert analysis.report(con, CRIME).pairs == []


def test_first_and_last_contact_are_utc_and_days_are_counted_once(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 2, 1, 9), T(2026, 2, 1, 10), T(2026, 2, 3, 8), T(2026, 2, 7, 22)]))
    pair = _pair(con)
    assert (pair["first_contact"], pair["last_contact"], pair["days_with_contact"]) == \
        (T(2026, 2, 1, 9), T(2026, 2, 7, 22), 3)


def test_a_summer_message_at_2330_utc_is_on_the_next_local_day(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 6, 1, 23, 30)]))
    (row,) = analysis.report(con, CRIME).daily
    assert row["day"] == dt.date(2026, 6, 2)


def test_local_days_follow_the_clock_change_weekend(tmp_path):
    con = new_store(tmp_path)
    # 23:30 UTC on Saturday 28 March is 23:30 GMT; on Sunday 29 March, after the change, 00:30 BST on Monday.
    contacts(con, "S1", messages([T(2026, 3, 28, 23, 30), T(2026, 3, 29, 0, 30), T(2026, 3, 29, 23, 30)]))
    days = {row["day"]: row["contacts"] for row in analysis.report(con, CRIME).daily}
    assert days == {dt.date(2026, 3, 28): 1, dt.date(2026, 3, 29): 1, dt.date(2026, 3, 30): 1}


def test_daily_counts_are_by_day_and_channel(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 2, 1, 9), T(2026, 2, 1, 10)]) + messages([T(2026, 2, 1, 11)], channel="call")
             + messages([T(2026, 2, 2, 9)]))
    rows = [(r["day"], r["channel"], r["contacts"]) for r in analysis.report(con, CRIME).daily]
    assert rows == [(dt.date(2026, 2, 1), "call", 1), (dt.date(2026, 2, 1), "sms", 2), (dt.date(2026, 2, 2), "sms", 1)]


def test_the_longest_run_is_the_longest_stretch_of_consecutive_local_days(tmp_path):
    con = new_store(tmp_path)
    counts = [1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1]   # runs of 2, 4 and 3 days from 1 Feb
    contacts(con, "S1", messages(daily_messages(dt.date(2026, 2, 1), counts)))
    pair = _pair(con)
    assert (pair["longest_run_days"], pair["longest_run_from"], pair["longest_run_to"]) == \
        (4, dt.date(2026, 2, 4), dt.date(2026, 2, 7))


def test_of_equal_runs_the_earliest_is_the_longest(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages(daily_messages(dt.date(2026, 2, 1), [1, 1, 0, 0, 1, 1])))
    assert _pair(con)["longest_run_from"] == dt.date(2026, 2, 1)


def test_channels_are_summarised_most_used_first(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 2, 1, h) for h in (9, 10, 11)]) + messages([T(2026, 2, 1, 12)], channel="call")
             + messages([T(2026, 2, 1, 13)], channel="whatsapp"))
    assert _pair(con)["channels"] == "sms 3; call 1; whatsapp 1"


def test_core_times_count_local_weekday_and_hour_cells_with_contact(tmp_path):
    con = new_store(tmp_path)
    # Mon 1 June 23:30 UTC is Tue 00:30 BST (twice); Mon 5 Jan 23:30 UTC is Mon 23:30 GMT.
    contacts(con, "S1", messages([T(2026, 6, 1, 23, 30), T(2026, 6, 8, 23, 40), T(2026, 1, 5, 23, 30)]))
    cells = {(r["weekday"], r["hour"]): r["contacts"] for r in analysis.report(con, CRIME).core_times}
    assert cells == {(1, 0): 2, (0, 23): 1}


def test_contacts_after_the_victims_no_contact_request_are_counted(tmp_path):
    con = new_store(tmp_path)
    # The request is recorded at 10:00 local (BST) on 1 June, which is 09:00 UTC.
    con.execute("INSERT INTO case_events VALUES (?, 'no_contact_requested', '2026-06-01 10:00', 'PC 1', NULL, 1)", [CRIME])
    contacts(con, "S1", messages([T(2026, 5, 31, 12), T(2026, 6, 1, 8, 59), T(2026, 6, 1, 9, 1), T(2026, 6, 3, 12)]))
    pair = _pair(con)
    assert (pair["after_no_contact_request"], pair["no_contact_requested_on"]) == (2, T(2026, 6, 1, 10))


def test_without_a_no_contact_request_the_count_is_none(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([T(2026, 6, 1, 12)]))
    pair = _pair(con)
    assert (pair["after_no_contact_request"], pair["no_contact_requested_on"]) == (None, None)


def _order(con, order_id="O1", subject="S1", protected="V1", made_on="2026-03-01", expires_on=None):
    con.execute("INSERT INTO orders (order_id, order_type, subject_person_record_id, protected_person_record_id, "
                "made_on, expires_on, ingest_run_id) VALUES (?, 'SPO', ?, ?, ?, ?, 1)",
                [order_id, subject, protected, made_on, expires_on])


def test_contacts_while_an_order_was_in_force_are_counted_from_the_day_it_was_made(tmp_path):
    con = new_store(tmp_path)
    _order(con, made_on="2026-03-01", expires_on="2026-03-10")
    contacts(con, "S1", messages([T(2026, 2, 28, 12), T(2026, 3, 1, 8), T(2026, 3, 10, 20), T(2026, 3, 11, 12)]))
    pair = _pair(con)
    assert (pair["after_order"], pair["order_ids"], pair["order_made_on"]) == (2, "O1", dt.date(2026, 3, 1))


def test_without_an_order_for_the_pair_the_count_is_none(tmp_path):
    con = new_store(tmp_path)
    _order(con, protected="W1")   # protects someone else
    contacts(con, "S1", messages([T(2026, 3, 5, 12)]))
    assert (_pair(con)["after_order"], _pair(con)["order_ids"]) == (None, None)


def test_an_order_with_no_contact_in_force_counts_zero(tmp_path):
    con = new_store(tmp_path)
    _order(con, made_on="2026-04-01")
    contacts(con, "S1", messages([T(2026, 3, 5, 12)]))
    assert _pair(con)["after_order"] == 0


def test_an_order_applied_for_but_never_made_is_no_order(tmp_path):
    con = new_store(tmp_path)
    _order(con, made_on=None)
    contacts(con, "S1", messages([T(2026, 3, 5, 12)]))
    assert _pair(con)["after_order"] is None


def test_a_discharged_order_is_not_in_force_from_the_day_of_its_discharge(tmp_path):
    con = new_store(tmp_path)
    _order(con, made_on="2026-03-01")
    con.execute("INSERT INTO order_events VALUES ('O1', 'discharged', '2026-03-10 10:00', NULL, NULL, 1)")
    contacts(con, "S1", messages([T(2026, 3, 9, 12), T(2026, 3, 10, 12), T(2026, 3, 20, 12)]))
    assert _pair(con)["after_order"] == 1
