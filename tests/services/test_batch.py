"""Batch grading never loses a line: hostile input, many chunks, and a file that fails."""

import json
from pathlib import Path

import pytest

from trainer.services import batch
from trainer.services.batch import BatchInputError, read_items, run_batch

GOOD = {"id": "ok", "channel": "text", "message": "Hi Sam, is 4:15 or 6 better for a quick call?"}


def run(library, path: Path, workers: int) -> list[dict]:
    out = []

    class Sink:
        def write(self, text: str) -> None:
            out.extend(json.loads(line) for line in text.splitlines() if line)

    run_batch(read_items(path), Sink(), library, workers=workers)
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_every_hostile_jsonl_line_gets_exactly_one_record(tmp_path, library, workers):
    lines = [
        "\ufeff" + json.dumps(GOOD),  # a byte-order mark from a spreadsheet export
        "[1, 2, 3]",
        "42",
        "null",
        "[" * 100_000,
        json.dumps({"id": "s", "channel": "text", "message": "bad \ud800 surrogate"}),
        json.dumps({"id": "d", "channel": "text", "message": "x", "context": {"day": "²"}}),
        json.dumps({"id": "big", "channel": "email", "message": "word " * 30_000}),
        json.dumps(GOOD | {"id": "last"}),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    out = run(library, path, workers)
    assert len(out) == len(lines)
    assert [o.get("line") for o in out if "error" in o] == [2, 3, 4, 5, 7]
    assert out[0]["id"] == "ok" and "error" not in out[0]
    assert "nested too deeply" in out[4]["error"]
    assert out[5]["id"] == "s" and "scores" in out[5]
    assert out[7]["overall"] is not None
    assert out[-1]["id"] == "last"


def test_csv_with_a_bom_a_huge_field_and_odd_digits(tmp_path, library):
    path = tmp_path / "export.csv"
    rows = [
        "id,channel,message,day",
        'a,text,"Hi, call or text?",1',
        f'b,email,"{"long " * 40_000}",',
        "c,text,hello,²",
    ]
    path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    out = run(library, path, 1)
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert "error" not in out[0] and "error" not in out[1]
    assert "day" in out[2]["error"] and out[2]["line"] == 4


@pytest.mark.parametrize("workers", [1, 2])
def test_order_is_kept_across_many_chunks_and_a_read_failure_keeps_what_was_graded(
    tmp_path, library, monkeypatch, workers
):
    monkeypatch.setattr(batch, "CHUNK", 3)
    total = 40

    def items():
        for number in range(1, total + 1):
            yield number, json.dumps(GOOD | {"id": f"m{number}"})
        raise OSError("the network drive went away")

    out = []

    class Sink:
        def write(self, text: str) -> None:
            out.extend(json.loads(line) for line in text.splitlines() if line)

    with pytest.raises(BatchInputError) as stopped:
        run_batch(items(), Sink(), library, workers=workers)
    assert [o["id"] for o in out] == [f"m{n}" for n in range(1, total + 1)]
    assert stopped.value.lines == total
    assert "after 40 graded lines" in str(stopped.value)


def test_a_file_that_is_not_utf8_says_so_after_writing_what_it_could(tmp_path, library):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"id,channel,message\na,text,hello\n" + "b,text,caf\xe9\n".encode("latin-1"))
    with pytest.raises(BatchInputError) as stopped:
        run(library, path, 1)
    assert "not UTF-8" in str(stopped.value)
