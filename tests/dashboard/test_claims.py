"""Dispute detection and the wording of claims."""
import pandas as pd
from claims_fixtures import CASUALTIES, DISPUTES, KHOJALY, small_claims

from dashboard.figures.disputes import (
    differ,
    dispute_note,
    documented_for_rows,
    format_value,
    matches,
    parse_subject,
    positions_text,
    summarise,
)


def khojaly(claims):
    rows = claims.frame("casualties")
    return rows[rows["conflict"] == "khojaly_1992"]


def test_claims_far_apart_are_disputed_but_interim_counts_are_not_compared():
    rows = khojaly(small_claims())
    assert differ(rows)  # 613 vs 161
    final_only_interim = rows[rows["interim"] | (rows["value_best"] == 613)]
    assert not differ(final_only_interim)  # the interim ">1,000" is superseded, not a rival claim


def test_a_single_claims_own_range_is_not_a_dispute_but_a_claim_outside_it_by_10_percent_is():
    rows = small_claims().frame("casualties")
    first_war = rows[rows["conflict"] == "first_war"]
    assert not differ(first_war)  # 23,000 sits inside 22,000-25,000
    far = first_war.assign(value_best=first_war["value_best"].where(first_war["value_best"].isna(), 28000))
    assert differ(far)  # 28,000 > 25,000 * 1.1
    near = first_war.assign(value_best=first_war["value_best"].where(first_war["value_best"].isna(), 27000))
    assert not differ(near)  # 27,000 <= 27,500


def test_summary_keeps_the_lowest_and_highest_final_claim_and_counts_all_claims():
    summary = summarise(khojaly(small_claims()))
    assert (summary.low, summary.high, summary.claims, summary.disputed) == (161.0, 613.0, 3, True)


def test_documented_dispute_matches_a_subset_subject():
    claims = small_claims()
    assert parse_subject("conflict=khojaly_1992; outcome=killed") == {"conflict": {"khojaly_1992"}, "outcome": {"killed"}}
    rows = claims.frame("casualties")
    columns = ("conflict", "side", "category", "outcome")
    found = documented_for_rows(claims.disputes, "casualties", rows[rows["conflict"] == "khojaly_1992"], columns)
    assert found["dispute_id"].tolist() == ["khojaly_toll"]
    assert documented_for_rows(claims.disputes, "casualties", rows[rows["conflict"] == "first_war"], columns).empty


def test_values_are_worded_as_the_source_words_them():
    assert format_value(pd.Series({"value_best": 161, "qualifier": "at_least"})) == "at least 161"
    assert format_value(pd.Series({"value_best": None, "value_low": 22000, "value_high": 25000})) == "22,000-25,000"
    assert format_value(pd.Series({"value_best": 17.7})) == "17.7"
    rows = khojaly(small_claims())
    assert positions_text(rows) == ("Azerbaijan MFA: 613; Human Rights Watch: at least 161; "
                                    "President's press service: more than 1,000 (interim)")


def test_a_subject_naming_a_column_twice_covers_each_value():
    subject = parse_subject("reported_at=2023-09-27T05:00+04:00; reported_at=2023-09-27T08:00+04:00")
    assert subject == {"reported_at": {"2023-09-27T05:00+04:00", "2023-09-27T08:00+04:00"}}
    assert matches(subject, {"reported_at": "2023-09-27T08:00+04:00"})
    assert not matches(subject, {"reported_at": "2023-09-28T08:00+04:00"})


def test_dispute_note_keeps_undocumented_disagreements_beside_documented_ones_and_ignores_filters():
    claims = small_claims(casualties=CASUALTIES + [
        dict(KHOJALY, outcome="wounded", as_of="1992-06", value_best=598, claimed_by="Memorial", claimant_party="independent", source_id="hrw"),
        dict(KHOJALY, outcome="wounded", as_of="2020-02", value_best=487, claimed_by="Official records", claimant_party="azerbaijan", source_id="mfa"),
    ], disputes=[dict(DISPUTES[0], subject="conflict=khojaly_1992; outcome=killed")])
    rows = claims.frame("casualties")
    khojaly = rows[rows["conflict"] == "khojaly_1992"]
    def label(r):
        return f"{r['outcome']}"

    note = dispute_note(claims.disputes, "casualties", khojaly, ("conflict", "side", "category", "outcome"), label, basis=rows)
    assert note.startswith("The toll is disputed.") and "wounded: Memorial: 598; Official records: 487" in note
    only_azerbaijan = khojaly[khojaly["claimant_party"] == "azerbaijan"]
    filtered = dispute_note(claims.disputes, "casualties", only_azerbaijan, ("conflict", "side", "category", "outcome"), label, basis=rows)
    assert "Memorial: 598" in filtered  # the filter hides the mark, never the disagreement


def test_source_marks_word_what_a_reader_should_weigh():
    from dashboard.figures.disputes import source_marks

    assert source_marks("copy", "independent") == ["copy (original not found)"]
    assert source_marks("primary", "nagorno_karabakh_authorities") == [
        "primary (the claimant's own publication)", "nagorno karabakh authorities party source"]
    assert source_marks("", "international") == []  # a version stored before grades existed


def test_a_dispute_subject_reads_as_words_with_the_vocabularies_labels():
    from dashboard.figures.disputes import subject_words

    assert subject_words("conflict=khojaly_1992; side=azerbaijani; outcome=killed") == \
        "Khojaly (Xocalı), Feb 1992 · Azerbaijani side · killed"
    assert subject_words("conflict=first_war; group=azerbaijanis_from_nk_and_districts") == \
        "First war, 1988-1994 · Azerbaijanis from NK and districts"
    assert subject_words("event_type=gas_cut; event_type=power_cut") == "Gas cut or Power cut"
