"""Pure logic over claim tables: which claims share a subject, and whether a subject is disputed.

A subject is disputed when disputes.csv documents it, or when its final (non-interim) claims differ by more than
10%: the largest lower end exceeds the smallest upper end by more than 10% of it. A single claim's own range is
never a dispute with itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from dashboard.figures.wording import english_words, value_words
from i18n import N_, _, ngettext
from i18n import number as shown_number
from schemas.registry import SOURCE_REFERENCES, cited_ids
from schemas.vocab import grade_label, grade_word, qualified

DISPUTE_THRESHOLD = 0.10


def claim_low(frame: pd.DataFrame) -> pd.Series:
    """Lower end of each claim: its stated low, else its best value."""
    return frame["value_low"].fillna(frame["value_best"]).astype("Float64")


def claim_high(frame: pd.DataFrame) -> pd.Series:
    return frame["value_high"].fillna(frame["value_best"]).astype("Float64")


def differ(frame: pd.DataFrame, threshold: float = DISPUTE_THRESHOLD) -> bool:
    """Do the final claims in `frame` (one subject) disagree by more than the threshold?"""
    final = frame[~frame["interim"]] if "interim" in frame else frame
    if len(final) < 2:
        return False
    highest_low, lowest_high = claim_low(final).max(), claim_high(final).min()
    return bool(highest_low > lowest_high * (1 + threshold))


def parse_subject(subject: str) -> dict[str, set[str]]:
    """'conflict=khojaly_1992; side=azerbaijani' -> {'conflict': {'khojaly_1992'}, 'side': {'azerbaijani'}}.

    A column named twice lists alternatives: 'reported_at=A; reported_at=B' covers both announcements."""
    parsed: dict[str, set[str]] = {}
    for part in subject.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            parsed.setdefault(key.strip(), set()).add(value.strip())
    return parsed


def alternatives(texts: list[str]) -> str:
    """'A or B or C': each alternative joined to those before it."""
    joined = texts[0] if texts else ""
    for text in texts[1:]:
        # Translators: alternatives of a dispute's subject ("Gas cut or Power cut"); {earlier} may itself hold several.
        joined = _("{earlier} or {later}").format(earlier=joined, later=text)
    return joined


def subject_words(subject: str) -> str:
    """A dispute's subject as a reader says it: 'Khojaly (Xocalı), Feb 1992 · Azerbaijani side · civilian · killed'.

    A value a vocabulary names is its label (wording.VALUE_WORDS, in the reader's language); others read as words
    ("all_displaced" -> "all displaced"). Alternatives keep the order of their English words in every language."""
    parts = []
    for key, values in parse_subject(subject).items():
        ordered = sorted(values, key=lambda v, key=key: english_words(key, v))
        parts.append(alternatives([value_words(key, v) for v in ordered]))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def matches(subject: dict[str, set[str]], values: dict[str, str]) -> bool:
    return all(str(values.get(key, "")) in allowed for key, allowed in subject.items())


def documented_for_rows(disputes: pd.DataFrame, dataset: str, rows: pd.DataFrame, subject_columns) -> pd.DataFrame:
    """Documented disputes that touch any of the given claims."""
    mine = disputes[disputes["dataset"] == dataset]
    if mine.empty or rows.empty:
        return mine.iloc[0:0]
    keys = rows[list(subject_columns)].astype(str).drop_duplicates().to_dict("records")
    keep = [any(matches(parse_subject(s), key) for key in keys) for s in mine["subject"]]
    return mine[keep]


def documented_exactly(disputes: pd.DataFrame, dataset: str, rows: pd.DataFrame, subject_columns) -> pd.DataFrame:
    """Documented disputes about the final figure of one subject: every subject column named with this subject's
    value, and at least one of its sources behind a final (not interim) claim of `rows`.

    A dispute about a broader subject (all of a conflict), or about running counts a later figure replaced, touches
    the subject but does not say its final claims disagree, so a headline figure is not drawn as disputed for it."""
    mine = disputes[disputes["dataset"] == dataset]
    wanted = {c: str(rows.iloc[0][c]) for c in subject_columns}
    final_sources = set(final_claims(rows)["source_id"])
    keep = [set(parsed) >= set(wanted) and matches(parsed, wanted) and bool(set(cited_ids(ids, SOURCE_REFERENCES["source_ids"])) & final_sources)
            for parsed, ids in zip(map(parse_subject, mine["subject"]), mine["source_ids"])]
    return mine[keep]


def dispute_note(disputes: pd.DataFrame, dataset: str, rows: pd.DataFrame, subject_columns, subject_label=None,
                 basis: pd.DataFrame | None = None) -> str:
    """Everything a chart of `rows` must say about disagreement, never less than what the data holds.

    Documented disputes that touch the rows come first, with who says what. Then every subject not covered by a
    documented dispute whose final claims differ by more than 10% (when `subject_label` names subjects): judged on
    `basis`, all claims about those subjects before any reader's filter, so filtering by party cannot hide a dispute.
    """
    columns = list(subject_columns)
    documented = documented_for_rows(disputes, dataset, rows, columns)
    notes = [f"{d['summary']} ({d['positions']})" for __, d in documented.iterrows()]
    if subject_label is None or rows.empty or "value_best" not in rows:
        return " | ".join(notes)
    basis = rows if basis is None else basis.merge(rows[columns].drop_duplicates(), on=columns)
    covered = [parse_subject(s) for s in documented["subject"]]
    for __, group in basis.groupby(columns, sort=False):
        values = group.iloc[0][columns].astype(str).to_dict()
        if not any(matches(subject, values) for subject in covered) and differ(group):
            notes.append(f"{subject_label(group.iloc[0])}: {positions_text(group[~group['interim']])}")
    return " | ".join(notes)


@dataclass(frozen=True)
class SubjectSummary:
    """What the claims about one subject say, without averaging anything away."""

    claims: int
    low: float | None  # smallest figure any final claim states
    high: float | None  # largest figure any final claim states
    disputed: bool
    documented: bool


def final_claims(frame: pd.DataFrame) -> pd.DataFrame:
    """The claims a later figure has not replaced; all of them when every claim is interim."""
    return frame[~frame["interim"]] if "interim" in frame and (~frame["interim"]).any() else frame


def summarise(frame: pd.DataFrame, documented: bool = False) -> SubjectSummary:
    final = final_claims(frame)
    lows, highs = claim_low(final), claim_high(final)
    low = None if lows.dropna().empty else float(lows.min())
    high = None if highs.dropna().empty else float(highs.max())
    return SubjectSummary(len(frame), low, high, documented or differ(frame), documented)


def figure_number(value) -> str:
    """A stated figure as the reader's language writes numbers: whole, else to one decimal ('1,000', '17.7')."""
    exact = Decimal(float(value))  # the float's own value, so it rounds as f"{value:,.1f}" would
    return shown_number(exact, digits=0 if float(value).is_integer() else 1)


def format_value(row: pd.Series) -> str:
    """'about 20,000', '22,000-25,000', 'more than 30,000': the claim as the source words it."""
    best, low, high = row.get("value_best"), row.get("value_low"), row.get("value_high")
    if pd.notna(best):
        text = figure_number(best)
        if pd.notna(low) and pd.notna(high):
            # Translators: a stated figure with the range the source gives around it: "1,000 (range 800-1,200)".
            text = _("{figure} (range {low}-{high})").format(figure=text, low=figure_number(low), high=figure_number(high))
    elif pd.notna(low) and pd.notna(high):
        text = f"{figure_number(low)}-{figure_number(high)}"
    else:
        # Translators: a claim that states no number.
        return _("no figure")
    return qualified(row.get("qualifier") or "", text)


def interim(text: str) -> str:
    """A figure a later one replaced, marked as such: '1,000 (interim)'."""
    # Translators: a figure that a later figure replaced (a running count, not the final one).
    return _("{figure} (interim)").format(figure=text)


def who_says_what(rows: pd.DataFrame, sources: list) -> pd.DataFrame:
    """The claims behind a chart as a small table: who claims what, when, and where it was published (with grade).

    Empty for a chart whose rows are not claims with values (events, episodes)."""
    if rows.empty or "claimed_by" not in rows or "value_best" not in rows or "source_id" not in rows:
        return pd.DataFrame()
    by_id = {s.source_id: s for s in sources}
    return pd.DataFrame({
        "claimed by": rows["claimed_by"],
        "figure": [interim(format_value(r)) if r.get("interim") else format_value(r) for __, r in rows.iterrows()],
        "as of": rows["as_of"] if "as_of" in rows else "",
        "source": rows["source_id"].map(lambda sid: by_id[sid].cited_publisher if sid in by_id else sid),
        "grade": rows["source_id"].map(lambda sid: grade_word(by_id[sid].grade) if sid in by_id else ""),
    })


# The who_says_what columns (keys: code selects them by name) as a table's header shows them.
WHO_SAYS_WHAT_HEADERS = {"claimed by": N_("claimed by"), "figure": N_("figure"), "as of": N_("as of"),
                         "source": N_("source"), "grade": N_("grade")}


def positions_text(frame: pd.DataFrame, limit: int = 6) -> str:
    """'Azerbaijan MFA: 613; Human Rights Watch: at least 161' for a dispute note."""
    parts = [f"{row.claimed_by}: {interim(format_value(row)) if row.get('interim') else format_value(row)}"
             for __, row in frame.iterrows()]
    more = len(parts) - limit
    if more <= 0:
        return "; ".join(parts)
    # Translators: the first claims of a dispute note, then how many more claims it does not list.
    return ngettext("{claims}; and {n} more", "{claims}; and {n} more", more).format(
        claims="; ".join(parts[:limit]), n=shown_number(more))


NEUTRAL_PARTIES = ("independent", "international", "")
# A source of a party's side, in words (a party added since reads as its slug's words in the last message).
PARTY_SOURCE_MARKS = {
    # Translators: a mark on a source: published by Armenia's side (lowercase in the English, as a mark).
    "armenia": N_("armenia party source"),
    "azerbaijan": N_("azerbaijan party source"),
    "nagorno_karabakh_authorities": N_("nagorno karabakh authorities party source"),
    "russia": N_("russia party source"),
    "turkey": N_("turkey party source"),
    # Translators: a mark on a source: published jointly by several parties.
    "multiple": N_("multiple party source"),
}


def party_mark(party: str) -> str:
    if party in PARTY_SOURCE_MARKS:
        return _(PARTY_SOURCE_MARKS[party])
    # Translators: a mark on a source: {party} is the party's id in words ("armenia").
    return _("{party} party source").format(party=party.replace("_", " "))


def source_marks(grade: str, party: str) -> list[str]:
    """What a reader should weigh about a source, in words: the one wording for the card and the Sources page."""
    return [mark for mark in (
        grade_label(grade),
        party_mark(party) if party not in NEUTRAL_PARTIES else "",
    ) if mark]


def source_registry(frames: dict[str, pd.DataFrame], party_label) -> pd.DataFrame:
    """The sources table as readers see it: the original named first, the copy read as 'read via', grade, party in
    words, and how many claims cite each source.

    Grade and party are in the active language (build it inside i18n.using, once per language); the columns keep their
    English keys (REGISTRY_HEADERS words them for a table's header)."""
    sources = frames["sources"].copy()
    cited = pd.concat([f["source_id"] for name, f in frames.items() if "source_id" in f and name != "sources"])
    copied = sources["original_publisher"] != ""
    registry = pd.DataFrame({
        "publisher": sources["original_publisher"].where(copied, sources["publisher"]),
        "title": sources["original_title"].where(sources["original_title"] != "", sources["title"]),
        "published": sources["original_published"].where(copied, sources["published"]),
        "grade": sources["grade"].map(grade_word),  # the one-word grade; the page's caption says what each means
        "party": sources["party"].map(party_label),
        "claims citing it": sources["source_id"].map(cited.value_counts()).fillna(0).astype(int),
        "link": sources["original_url"].where(sources["original_url"] != "", sources["url"]),
        "read via": sources["publisher"].where(copied, ""),
        "read at": sources["url"].where(copied, ""),
        "accessed": sources["accessed"],
        "source_id": sources["source_id"],
    })
    return registry


# The source_registry columns (keys: code selects them by name) as a table's header shows them.
REGISTRY_HEADERS = {
    "publisher": N_("publisher"), "title": N_("title"), "published": N_("published"), "grade": N_("grade"),
    # Translators: a column of the sources table: the party a source belongs to.
    "party": N_("party"),
    # Translators: a column of the sources table: how many claims cite the source.
    "claims citing it": N_("claims citing it"),
    "link": N_("link"),
    # Translators: a column of the sources table: the site a copy of the source was read on.
    "read via": N_("read via"),
    # Translators: a column of the sources table: the address of the copy that was read.
    "read at": N_("read at"),
    # Translators: a column of the sources table: the date the source was last opened.
    "accessed": N_("accessed"),
    "source_id": N_("source_id"),
}
