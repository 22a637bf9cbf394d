"""The Splink model: comparisons and blocking rules. Built from level creators so the same model
runs on DuckDB and on Spark (Splink writes each engine's SQL)."""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator

MODEL_VERSION = "person-2026.11-1"

# Candidate pairs. Each rule needs a strong shared identifier, so no rule grows with the square of
# the force's size; together they still reach nearly every true pair (see docs/linkage.md).
BLOCKING_RULES = [
    "l.surname_std = r.surname_std AND l.dob = r.dob",
    "l.forename_canon = r.forename_canon AND l.dob = r.dob",
    "l.phone_std = r.phone_std",
    "l.email_std = r.email_std",
    "l.postcode_std = r.postcode_std AND l.forename_canon = r.forename_canon",
    "l.postcode_std = r.postcode_std AND l.surname_sound = r.surname_sound",
    "l.forename_std = r.surname_std AND l.surname_std = r.forename_std",
    "l.forename_canon = r.forename_canon AND l.surname_std = r.surname_std AND l.postcode_district = r.postcode_district",
]

_SWAPPED = "Forename and surname swapped"


def _forename() -> cl.CustomComparison:
    return cl.CustomComparison(output_column_name="forename", comparison_levels=[
        cll.NullLevel("forename_std"),
        cll.ExactMatchLevel("forename_std").configure(tf_adjustment_column="forename_std"),
        cll.ColumnsReversedLevel("forename_std", "surname_std", symmetrical=True).configure(label_for_charts=_SWAPPED),
        cll.ArrayIntersectLevel("forename_keys", 1).configure(label_for_charts="Known variant (nickname)"),
        cll.JaroWinklerLevel("forename_std", 0.9),
        cll.ExactMatchLevel("forename_sound").configure(label_for_charts="Sounds alike (Soundex)"),
        cll.ElseLevel(),
    ])


def _surname() -> cl.CustomComparison:
    return cl.CustomComparison(output_column_name="surname", comparison_levels=[
        cll.NullLevel("surname_std"),
        cll.ExactMatchLevel("surname_std").configure(tf_adjustment_column="surname_std"),
        # The swap is weighed once, by the forename comparison; here it is neutral (weight 0).
        cll.ColumnsReversedLevel("surname_std", "forename_std", symmetrical=True).configure(
            label_for_charts=_SWAPPED + " (weighed under forename)", m_probability=0.5, u_probability=0.5,
            fix_m_probability=True, fix_u_probability=True),
        cll.ArrayIntersectLevel("surname_parts", 1).configure(label_for_charts="Shares a part of a double-barrelled name"),
        cll.JaroWinklerLevel("surname_std", 0.9),
        cll.ExactMatchLevel("surname_sound").configure(label_for_charts="Sounds alike (Soundex)"),
        cll.ElseLevel(),
    ])


def _dob() -> cl.CustomComparison:
    swap = ("month(dob_l) = day(dob_r) AND day(dob_l) = month(dob_r) AND year(dob_l) = year(dob_r)")
    return cl.CustomComparison(output_column_name="dob", comparison_levels=[
        cll.NullLevel("dob"),
        cll.ExactMatchLevel("dob"),
        cll.CustomLevel(swap, label_for_charts="Day and month swapped"),
        cll.ExactMatchLevel("dob_year").configure(label_for_charts="Same year only"),
        cll.ElseLevel(),
    ])


def _place() -> cl.CustomComparison:
    missing = ("(postcode_std_l IS NULL OR postcode_std_r IS NULL) "
               "AND (address_std_l IS NULL OR address_std_r IS NULL)")
    return cl.CustomComparison(output_column_name="address", comparison_levels=[
        cll.CustomLevel(missing, label_for_charts="Address and postcode missing").configure(is_null_level=True),
        cll.CustomLevel("address_std_l = address_std_r AND postcode_std_l = postcode_std_r",
                        label_for_charts="Same address and postcode"),
        cll.ExactMatchLevel("postcode_std").configure(label_for_charts="Same postcode"),
        cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="Same postcode sector"),
        cll.ElseLevel(),
    ])


def _exact(column: str, name: str) -> cl.CustomComparison:
    return cl.CustomComparison(output_column_name=name, comparison_levels=[
        cll.NullLevel(column), cll.ExactMatchLevel(column), cll.ElseLevel()])


def _sex() -> cl.CustomComparison:
    # Records do get sex miskeyed; training data where it never is would learn m = 0 for a
    # mismatch, a veto no other evidence could outweigh. Fix it at a 2% keying-error rate.
    return cl.CustomComparison(output_column_name="sex", comparison_levels=[
        cll.NullLevel("sex_std"), cll.ExactMatchLevel("sex_std").configure(m_probability=0.98, fix_m_probability=True),
        cll.ElseLevel().configure(m_probability=0.02, fix_m_probability=True)])


def settings(probability_two_random_records_match: float = 1e-5) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[_forename(), _surname(), _dob(), _place(), _exact("phone_std", "phone"),
                     _exact("email_std", "email"), _sex()],
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        probability_two_random_records_match=probability_two_random_records_match,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=["crime_id", "role"],
    )
