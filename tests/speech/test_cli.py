"""`trainer voicemail FILE` and `trainer bench-voicemail` on synthesised recordings."""

from __future__ import annotations

import json

from trainer.cli import main


def test_voicemail_json_prints_transcript_measures_and_scorecard(runner, whisper, voicemail):
    script, path = voicemail
    result = runner.invoke(main, ["voicemail", str(path), "--engine", "whisper", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("transcript", "engine", "model", "callback_number", "duration_seconds"):
        assert data[key], key
    assert data["engine"] == "whisper"
    assert data["callback_number"] == script.callback
    assert 100 < data["words_per_minute"] < 220
    assert data["scorecard"]["rubric"] == "voicemail"
    assert data["scorecard"]["scores"]


def test_voicemail_with_a_bad_file_says_why(runner, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not audio at all\n" * 20)
    result = runner.invoke(main, ["voicemail", str(path), "--engine", "whisper"])
    assert result.exit_code == 1
    assert "notes.txt" in result.output and "audio" in result.output


def test_bench_voicemail_reports_each_condition(runner, whisper, tmp_path):
    result = runner.invoke(
        main,
        [
            "bench-voicemail",
            "--engines",
            "whisper",
            "--limit",
            "1",
            "--keep",
            str(tmp_path),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [s["condition"] for s in report["summaries"]] == ["clean", "noise"]
    for summary in report["summaries"]:
        assert summary["clips"] == 1 and summary["engine"] == "whisper"
        assert 0 <= summary["wer"] <= 1 and summary["rtf"] > 0
        assert 0 <= summary["callback_exact"] <= summary["callback_last7"] <= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "vm01-trade-answer.clean.wav",
        "vm01-trade-answer.noise.wav",
    ]


def test_bench_voicemail_rejects_an_unknown_engine(runner):
    result = runner.invoke(main, ["bench-voicemail", "--engines", "nope", "--limit", "1"])
    assert result.exit_code == 1
    assert "Unknown speech engine 'nope'" in result.output
