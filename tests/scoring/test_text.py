"""The analysed form of a message: HTML, placeholders, tokens and sentences."""

from trainer.scoring.text import MAX_ANALYSED_CHARS, analyse, is_name_placeholder


def test_html_is_reduced_to_text_with_paragraphs():
    message = analyse("<html><body><p>Hi Dana,</p><p>It&#39;s here.<br>Call me?</p></body></html>")
    assert message.was_html
    assert "<" not in message.text
    assert "It's here." in message.text
    assert message.sentences[-1].is_question


def test_contractions_expand_so_phrases_match_either_spelling():
    norms = [t.norm for t in analyse("I'll call. We’re here. Don't wait.").tokens]
    assert norms[:3] == ["i", "will", "call"]
    assert norms[3:5] == ["we", "are"]
    assert norms[6:8] == ["do", "not"]


def test_token_spans_point_at_the_original_words():
    message = analyse("Hello Priya, the CR-V is in.")
    priya = next(t for t in message.tokens if t.norm == "priya")
    assert message.text[priya.start : priya.end] == "Priya"
    assert any(t.norm == "cr-v" for t in message.tokens)


def test_crm_placeholders_in_three_styles_are_found():
    message = analyse("Hi [First Name], {{first_name}} and {FirstName}; see {{vehicle}}")
    found = [text for _, _, text in message.placeholders]
    assert found == ["[First Name]", "{{first_name}}", "{FirstName}", "{{vehicle}}"]
    assert [is_name_placeholder(p) for p in found] == [True, True, True, False]


def test_very_long_messages_are_truncated_not_rejected():
    message = analyse("word " * 20_000)
    assert message.truncated
    assert len(message.text) <= MAX_ANALYSED_CHARS
