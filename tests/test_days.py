"""Days as students write them (`Fr`, `Thurs`, "TR", "TuTh", "M-F"), read by one tokenizer in
every place a preferences file names days: free_days, blocked, the free_day wish and the times
of lock, exclude and keep. Anything that could be read two ways is refused in one line."""

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from solver.catalog.schema import Day
from solver.core.fields import DAY_NAMES, parse_days
from solver.core.preferences import parse_preferences
from solver.errors import PreferencesError
from tests.factories import catalog, section, subject
from tests.test_rules import chosen, solve

REQUIRED = 'required: ["1.01"]\n'


def free_days(written: str) -> str:
    """The days `free_days: WRITTEN` names, as MIT letters ("F", "TR")."""
    prefs, _ = parse_preferences(f"{REQUIRED}free_days: {written}\n", "prefs.yaml")
    return "".join(prefs.free_days)


def refused(text: str) -> str:
    with pytest.raises(PreferencesError) as error:
        parse_preferences(text, "prefs.yaml")
    return str(error.value)


READ = [
    # one day, every name, any case
    ("F", "F"), ("Fr", "F"), ("FR", "F"), ("fr", "F"), ("Fri", "F"), ("FRI", "F"),
    ("Friday", "F"), ("friday", "F"), ("M", "M"), ("Mo", "M"), ("Mon", "M"), ("MONDAY", "M"),
    ("T", "T"), ("Tu", "T"), ("Tue", "T"), ("tues", "T"), ("Tuesday", "T"), ("W", "W"),
    ("We", "W"), ("Wed", "W"), ("Weds", "W"), ("Wednesday", "W"), ("R", "R"), ("Th", "R"),
    ("TH", "R"), ("th", "R"), ("Thu", "R"), ("Thur", "R"), ("Thurs", "R"), ("THURS", "R"),
    ("Thursday", "R"), ("S", "S"), ("Sa", "S"), ("Sat", "S"), ("Saturday", "S"), ("U", "U"),
    ("Su", "U"), ("Sun", "U"), ("SUN", "U"), ("Sunday", "U"),
    # MIT's letters: one case, every letter a day, in week order
    ("TR", "TR"), ("tr", "TR"), ("MWF", "MWF"), ("mwf", "MWF"), ("MTWRF", "MTWRF"),
    ("MTWRFSU", "MTWRFSU"), ("MTU", "MTU"),
    # names one after another: mixed case shows where each starts, else each is the longest
    ("TuTh", "TR"), ("TTh", "TR"), ("MTuWThF", "MTWRF"), ("MoWeFr", "MWF"), ("TUTH", "TR"),
    ("tuth", "TR"), ("TTH", "TR"), ("MTWTHF", "MTWRF"), ("MWTHF", "MWRF"), ("MONWEDFRI", "MWF"),
    ("TUESAT", "TS"), ("SATSUN", "SU"), ("ThuFri", "RF"), ("RF", "RF"), ("FM", "FM"),
    ("MTUW", "MTW"),  # not letters (U before W is out of week order): M TU W
    # separated, in strings and in lists
    ('"Tu,Th"', "TR"), ('"Tu, Th"', "TR"), ('"Mon Wed"', "MW"), ('"M/W"', "MW"),
    ('"Tu & Th"', "TR"), ('"Tue+Thu"', "TR"), ("[Fr]", "F"), ("[F]", "F"), ("[M, W]", "MW"),
    ("[Mon, Thursday]", "MR"), ("[TR, F]", "TRF"), ("[Tu, Th]", "TR"), ('["Tu,Th", Fri]', "TRF"),
    # ranges of one day to another, in week order
    ('"M-F"', "MTWRF"), ('"Mon-Wed"', "MTW"), ('"Mon - Wed"', "MTW"), ('"Tu\u2013Th"', "TWR"),
    ('"Sa-Su"', "SU"), ('"M-T"', "MT"), ('"M-W, F"', "MTWF"),
    # written twice, named once; nothing at all
    ("[F, Fri, friday]", "F"), ("MWM", "MW"), ("[]", ""), ('""', ""),
]  # fmt: skip


@pytest.mark.parametrize(("written", "days"), READ)
def test_free_days_are_read_as_written(written, days):
    assert free_days(written) == days


FORMS = (
    "write MIT's letters M T W R F S U (R is Thursday, U Sunday) or names such as Tu, Thu, Fri,"
    ' Friday, in any case; several as [M, W], "MWF", "TuTh", "Tu, Th" or a range "M-F"'
)

REFUSED = [
    ("X", f"'X' is not a day: {FORMS}"),
    ("[F, X]", f"'X' is not a day: {FORMS}"),
    ("H", f"'H' is not a day: {FORMS}"),  # Thursday elsewhere; R at MIT
    ("Tr", f"'Tr' is not a day: {FORMS}"),  # Tuesday and Thursday lazily, or a typo for Th?
    ("Mw", f"'Mw' is not a day: {FORMS}"),
    ("M1", f"'M1' is not a day: {FORMS}"),
    ("Fri.", f"'Fri.' is not a day: {FORMS}"),
    ("[1]", f"'1' is not a day: {FORMS}"),
    ("[[M]]", f"'['M']' is not a day: {FORMS}"),
    ("{M: 1}", f"'{{'M': 1}}' is not a day: {FORMS}"),
    ("TU", """'TU' is ambiguous: write "Tu" for Tuesday, or "T U" for Tuesday and Sunday"""
           " in MIT's letters"),
    ("tu", """'tu' is ambiguous: write "Tu" for Tuesday, or "T U" for Tuesday and Sunday"""
           " in MIT's letters"),
    ("SU", """'SU' is ambiguous: write "Su" for Sunday, or "S U" for Saturday and Sunday"""
           " in MIT's letters"),
    ("[M, su]", """'su' is ambiguous: write "Su" for Sunday, or "S U" for Saturday and Sunday"""
                " in MIT's letters"),
    ('"M-W-F"', """'M-W-F' is ambiguous: write "M W F" for those days or a range of two,"""
                ' such as "M-F"'),
    ('"F-M"', """'F-M' does not run forward through the week: write the first day first,"""
              ' such as "M-F"'),
    ('"W-W"', """'W-W' does not run forward through the week: write the first day first,"""
              ' such as "M-F"'),
    ('"TR-F"', """'TR-F' is not a range of days: write one day at each end, such as "M-F" or"""
               ' "Mon-Wed"'),
    ('"M-"', """'M-' is not a range of days: write one day at each end, such as "M-F" or"""
             ' "Mon-Wed"'),
]  # fmt: skip


@pytest.mark.parametrize(("written", "message"), REFUSED)
def test_days_that_are_no_days_or_could_be_read_two_ways_are_refused(written, message):
    assert refused(f"{REQUIRED}free_days: {written}\n") == f"prefs.yaml:2: free_days: {message}"


# Every place a file names days reads them alike, and names its line when it cannot.


def test_blocked_days_are_read_by_the_same_rules():
    prefs, _ = parse_preferences(
        f'{REQUIRED}blocked:\n  - {{days: Fr, from: "09:00", to: "10:00"}}\n'
        '  - {days: "Tu, Th", from: "16:00", to: "17:00"}\n',
        "prefs.yaml",
    )
    assert [block.days for block in prefs.blocked] == [(Day.F,), (Day.T, Day.R)]


def test_a_blocked_day_that_is_no_day_names_its_line():
    text = f'{REQUIRED}blocked:\n  - {{days: M, from: "09:00", to: "10:00"}}\n'
    text += '  - {days: Fir, from: "09:00", to: "10:00"}\n'
    assert refused(text) == f"prefs.yaml:4: blocked.1.days: 'Fir' is not a day: {FORMS}"


def test_the_free_day_wish_reads_the_same_days():
    prefs, _ = parse_preferences(f"{REQUIRED}wishes:\n  free_day: {{days: [Fri, Mon]}}\n", "p")
    assert prefs.wishes.free_day is not None
    assert prefs.wishes.free_day.days == (Day.F, Day.M)


def test_the_free_day_wish_refuses_an_ambiguous_day_on_its_line():
    text = f"{REQUIRED}wishes:\n  fewer_days: 1\n  free_day: {{days: SU}}\n"
    assert refused(text).startswith("prefs.yaml:4: wishes.free_day.days: 'SU' is ambiguous")


@pytest.mark.parametrize(
    ("written", "days"),
    [("TuTh 10:00", "TR"), ("Tu, Th 10:00", "TR"), ("TR 10:00", "TR"), ("Fr 9:00", "F"),
     ("M-W 10:00", "MTW"), ("MWF10:00", "MWF"), ("thurs 13:30", "R")],
)  # fmt: skip
@pytest.mark.parametrize("key", ["lock", "exclude", "wishes.keep"])
def test_section_times_read_their_days_by_the_same_rules(key, written, days):
    text = f'{REQUIRED}{key}: {{"1.01": ["{written}"]}}\n'
    if key == "wishes.keep":
        text = f'{REQUIRED}wishes:\n  keep: {{"1.01": ["{written}"]}}\n'
    prefs, _ = parse_preferences(text, "prefs.yaml")
    held = prefs.wishes.keep.sections if key == "wishes.keep" and prefs.wishes.keep else {}
    refs = held if key == "wishes.keep" else getattr(prefs, key)
    assert ["".join(ref.days) for ref in refs["1.01"]] == [days]


def test_a_section_time_with_an_ambiguous_day_names_its_line():
    text = f'{REQUIRED}top: 3\nlock:\n  "1.01": ["TU 10:00"]\n'
    assert refused(text) == (
        """prefs.yaml:4: lock.1.01.0: 'TU' is ambiguous: write "Tu" for Tuesday, or "T U" for"""
        " Tuesday and Sunday in MIT's letters"
    )


# What the days mean for a schedule: the reported bug, end to end.

THURSDAY_OR_FRIDAY = catalog(
    subject(
        "1.01", section("L01", ("R", "10:00", "11:00")), section("L02", ("F", "10:00", "11:00"))
    ),
)


def test_a_free_friday_written_fr_leaves_thursday_free_to_use():
    assert chosen(solve(THURSDAY_OR_FRIDAY, {"required": ["1.01"], "free_days": "Fr"})) == [
        "1.01 L01"
    ]


def test_a_friday_block_written_fr_blocks_friday_only():
    block = {"days": "Fr", "from": "09:00", "to": "12:00"}
    result = solve(THURSDAY_OR_FRIDAY, {"required": ["1.01"], "blocked": [block]})
    assert chosen(result) == ["1.01 L01"]


def test_a_section_locked_by_its_time_on_thurs_is_the_thursday_one():
    prefs = {"required": ["1.01"], "lock": {"1.01": ["Thurs 10:00"]}}
    assert chosen(solve(THURSDAY_OR_FRIDAY, prefs)) == ["1.01 L01"]


# Round trips: any days, written in any unambiguous way, read back as those days.

SPELLINGS = {day: [name for name, d in DAY_NAMES.items() if d == day] for day in Day}
weekdays = st.lists(st.sampled_from(list(Day)), min_size=1, max_size=7, unique=True)


@st.composite
def spelled(draw: st.DrawFn, days: list[Day]) -> tuple[str, list[Day]]:
    """`days` written the way a student might (MIT's letters, capitalised names run together,
    or names in any case between separators), and the days that says, in the order written."""
    style = draw(st.sampled_from(["letters", "camel", "separated"]))
    if style == "letters":  # MIT writes them in week order
        letters = sorted(days, key=lambda d: d.order)
        if "".join(letters) in ("TU", "SU"):  # also the names Tu and Su: refused as ambiguous
            return " ".join(letters), letters
        return draw(st.sampled_from(["".join(letters), "".join(letters).lower()])), letters
    names = [draw(st.sampled_from(SPELLINGS[day])) for day in days]
    if style == "camel":  # the case shows where each name starts: "TuTh", "MTuWThF"
        if all(len(name) == 1 for name in names):  # "FR" would be one case: letters or Fr
            names[0] = draw(st.sampled_from([n for n in SPELLINGS[days[0]] if len(n) > 1]))
        return "".join(name.title() for name in names), days
    sep = draw(st.sampled_from([", ", " ", ",", " / ", " & ", ";"]))
    cased = [draw(st.sampled_from([n, n.lower(), n.title()])) for n in names]
    # TU and SU alone in one case are ambiguous (Tuesday, or Tuesday and Sunday): title them
    return sep.join(n.title() if n.upper() in ("TU", "SU") else n for n in cased), days


@given(st.data())
def test_any_days_written_in_any_unambiguous_way_read_back(data):
    written, days = data.draw(spelled(data.draw(weekdays)))
    assert parse_days(written) == days, written
    assert free_days(yaml.safe_dump(written).removesuffix("\n...\n")) == "".join(days)


@given(st.text(alphabet="MTWRFSUmtwrfsuHhAaEeIiOoNnDdYy ,-/1", max_size=24))
def test_any_text_is_days_or_one_line_that_says_why(text):
    try:
        days = parse_days(text)
    except ValueError as error:
        assert "\n" not in str(error) and "day" in str(error)
    else:
        assert len(set(days)) == len(days)
        assert parse_days(" ".join(days)) == days
