"""What `analysis.report` finds for one crime: the contract between the analysis and the evidence
pack, the CLI and the web page. Every table is a list of plain dicts so it goes to CSV as it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

METHOD_VERSION = "evidence-2026.12-1"


@dataclass(frozen=True)
class Parameters:
    """The settings a report was made with; printed in the pack's method section."""
    timezone: str = "Europe/London"      # days, hours and weekdays are counted in this local time
    baseline_days: int = 28              # escalation: the trailing window a day is compared with
    guard_days: int = 2                  # ... ending this many days before it, so a rise is not its own baseline
    min_history_days: int = 14           # no day is judged before the pair has this many days of history
    threshold_sd: float = 3.0            # a day escalates when count > mean + threshold_sd * sd ...
    alpha: float = 0.001                 # ... and P(X >= count | Poisson(mean)) < alpha
    min_count: int = 3                   # ... and count >= min_count
    merge_gap_days: int = 1              # escalated days this close join one period
    min_escalated_days: int = 2          # ... and a period needs this many escalated days: a lone day at
                                         # alpha 0.001 is a false alarm in ~8% of steady 120-day series
    window_minutes: int = 15             # co-location: fixes this close in time
    distance_m: float = 100.0            # ... and this close in space (plus a place's radius)
    occasion_gap_minutes: int = 60       # co-located fixes this close in time are one occasion

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Findings:
    crime_id: str
    made_at: dt.datetime                 # UTC
    parameters: Parameters
    method_version: str = METHOD_VERSION
    # Each source file: source_id, kind, file, content_hash, owner_person_record_id, device,
    # imported_by, imported_at, rows_read, rows_loaded, rows_duplicate, rows_quarantined.
    sources: list[dict] = field(default_factory=list)
    # Each suspect-victim pair on the crime with contact between them: pair (label "S -> V"),
    # suspect_person, victim_person (person keys), suspect_name, victim_name, contacts, first_contact,
    # last_contact (UTC), days_with_contact, longest_run_days, longest_run_from, longest_run_to
    # (local dates), channels ("sms 40; call 3"), after_no_contact_request (count or None when no
    # request is recorded), no_contact_requested_on, after_order (count or None when no order),
    # order_ids, order_made_on.
    # (no_contact_requested_on is the earliest `no_contact_requested` case event's time as recorded,
    # local wall-clock; after_order counts contacts on local days an order made for the pair was in
    # force; a message held on both phones counts once.)
    pairs: list[dict] = field(default_factory=list)
    # pair, day (local date), channel, contacts: one row per day and channel with contact.
    daily: list[dict] = field(default_factory=list)
    # pair, weekday (0 Monday .. 6 Sunday), hour (0-23 local), contacts: only cells with contact.
    core_times: list[dict] = field(default_factory=list)
    # pair, period_from, period_to (local dates), days, peak_day, peak_contacts, baseline_mean;
    # also escalated_days (days in the period that passed the test; `days` is its calendar length).
    escalations: list[dict] = field(default_factory=list)
    # pair, channel, first_day: channels first used after the pair's first min_history_days;
    # also contacts (on that channel, in all).
    new_channels: list[dict] = field(default_factory=list)
    # owner_person_record_id, party, party_person (or None), first_day, contacts: parties a
    # suspect's device first contacted after its first min_history_days; also outgoing (how many of
    # the contacts the suspect's device made).
    new_third_parties: list[dict] = field(default_factory=list)
    # occasion (1..n), suspect_device, near ("device D" or "place home"), near_kind (device|place),
    # started_at, ended_at (UTC), duration_minutes, fixes, min_distance_m, suspect_accuracy_m,
    # near_accuracy_m (worst of the occasion), sources ("gps/cell"); also suspect_person and
    # near_person (person keys: whose device, whose device or place).
    colocations: list[dict] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict]]:
        """Every table by the name of its CSV file in the pack."""
        return {"sources": self.sources, "pairs": self.pairs, "daily_contacts": self.daily,
                "core_times": self.core_times, "escalations": self.escalations,
                "new_channels": self.new_channels, "new_third_parties": self.new_third_parties,
                "colocations": self.colocations}
