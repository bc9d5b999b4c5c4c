"""The scorer and the loaders hold up: spans index the caller's text, results do not depend
on hash seeds or reloads, and no YAML a person can write crashes a loader."""

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.scenarios import load_catalog
from trainer.scoring import Context, grade, load_rubric_files
from trainer.services.library import Library
from trainer.yamldoc import FileError

ROOT = Path(__file__).resolve().parents[2]


def test_evidence_spans_index_the_message_as_given(score):
    message = "  \r\nHi Dana,\r\nthe Highlander is here. Can I call you at 4:15 today?\r\n555-0142"
    card = score(message, customer_name="Dana", vehicle="2022 Toyota Highlander")
    assert not card.text_changed
    for item in card.evidence:
        for (start, end), quote in zip(item.spans, item.quotes, strict=False):
            assert message[start:end].strip()[:200] == quote


def test_crlf_line_breaks_grade_like_plain_ones(score):
    """CRM exports and browsers break lines with CRLF; a sign-off on its own line is still one."""
    plain = (
        "Hi Dana,\n\nThe 2022 Highlander XLE is on the lot and I checked it myself this morning."
        " The price is $38,900 before tax and fees, and I will send the full breakdown.\n\n"
        "Can I call you at 4:15 today, or is a text easier?\n\nMaria Lopez\nSales, Lakeside"
        " Toyota\n555-0142"
    )
    for breaks in ("\r\n", "\r"):
        message = plain.replace("\n", breaks)
        card = score(message, customer_name="Dana", vehicle="2022 Toyota Highlander")
        lf = score(plain, customer_name="Dana", vehicle="2022 Toyota Highlander")
        assert [c.level for c in card.criteria] == [c.level for c in lf.criteria]
        assert card.overall == lf.overall and not card.text_changed and card.text == message


def test_html_scorecards_publish_the_text_their_spans_index(score):
    card = score("<p>Hi Dana,</p><p>Can I call you at 4:15?</p>", customer_name="Dana")
    assert card.text_changed
    item = next(e for e in card.evidence if e.indicator == "ask_to_talk")
    start, end = item.spans[0]
    assert card.text[start:end] == "Can I call you at 4:15?"


def test_scores_do_not_depend_on_hash_seed_or_reloads():
    probe = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "from trainer.services.library import Library;"
        "from trainer.scoring import Context, grade;"
        "m = 'Hi Dana, the Highlander is here; is 12:30 or after 6 better? 555-0142. '"
        "'I will text you a video tonight. The rebate ends Nov 30.';"
        "c = Context(customer_name='Dana', vehicle='2022 Toyota Highlander', day=0);"
        "cards = [grade(m, Library.load().rubric('email'), c).as_dict() for _ in range(3)];"
        "print(json.dumps(cards[-1], sort_keys=True))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", probe, str(ROOT)],
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_a_reloaded_library_grades_the_same():
    message = "Hi Dana, can I call you at 4:15? Your trade appraisal is good for 7 days. 555-0142"
    context = Context(customer_name="Dana", customer_message="What is my trade worth?")
    first = grade(message, Library.load().rubric("email"), context).as_dict()
    for _ in range(3):
        again = grade(message, Library.load().rubric("email"), context).as_dict()
        assert json.dumps(again, sort_keys=True) == json.dumps(first, sort_keys=True)


yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
rubric_keys = st.sampled_from(
    ["id", "title", "version", "channel", "extends", "families", "indicators", "criteria"]
)
scenario_keys = st.sampled_from(
    ["id", "title", "version", "stage", "difficulty", "lead", "persona", "vehicle", "steps"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rubric=st.dictionaries(rubric_keys, yaml_values, max_size=8))
def test_no_rubric_file_crashes_the_loader(tmp_path, rubric):
    folder = tmp_path / "rubrics"
    folder.mkdir(exist_ok=True)
    (folder / "odd.yaml").write_text(json.dumps(rubric))
    loaded, problems = load_rubric_files([folder])
    assert loaded or problems


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=st.dictionaries(scenario_keys, yaml_values, max_size=9))
def test_no_scenario_file_crashes_the_loader(tmp_path, scenario):
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    (folder / "odd.yaml").write_text(json.dumps(scenario))
    catalog = load_catalog([folder], {"email"})
    assert catalog.scenarios or catalog.problems


def test_recursive_aliases_and_blank_values_are_reported(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "alias.yaml").write_text("a: &x [*x]\n")
    (folder / "blank.yaml").write_text("id:\ntitle: x\n")
    catalog = load_catalog([folder], {"email"})
    assert {Path(p.file).name for p in catalog.problems} == {"alias.yaml", "blank.yaml"}
    assert any("has no value" in p.message for p in catalog.problems)


def test_load_errors_are_file_errors_never_crashes(tmp_path):
    from trainer.scenarios import load_scenario

    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xff\xfe not text")
    try:
        load_scenario(path)
    except FileError as exc:
        assert exc.problems[0].file == str(path)
