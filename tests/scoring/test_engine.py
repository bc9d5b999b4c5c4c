"""The scorer judges the way the trainers do: reconnection first, honest urgency, trust,
and owning the next step. Bad habits and gaming never pay."""

import json

import pytest

STRONG = """Hi Dana,

Yes, the silver 2022 Highlander XLE is here, and it has the third row: seating for eight.

Since you can't come in until the weekend, would a two-minute call at 12:30 or after 6 tonight
be easier? Or text me at (555) 014-2290 whenever suits you.

I'll text you a short video of the third row by 7 tonight; if I miss you, I'll try you again
tomorrow at noon.

Chris Moreno, Lakeside Toyota, (555) 014-2290"""

PHONE_UP_CARD = """Dear Valued Customer,

Thank you for your interest in our dealership! Lakeside Toyota has been family owned since 1968
and is proud to serve the community with the largest selection in the area. Our friendly staff
is here to make your experience hassle-free.

To help us serve you better, could you answer a few questions? What is your budget? Will you be
trading in a vehicle? Are you paying cash or financing? When are you planning to purchase?

Please feel free to contact us at your convenience.

Sincerely,
The Sales Team"""

CONTEXT = {
    "customer_name": "Dana Whitfield",
    "vehicle": "2022 Toyota Highlander XLE",
    "customer_message": "Is the silver Highlander still available? Does it have the third row?",
    "stage": "new_lead",
    "day": 0,
}


def test_a_strong_first_response_scores_high(score):
    card = score(STRONG, **CONTEXT)
    assert card.scores["reconnection"] == 4
    assert card.scores["trust"] >= 3
    assert card.scores["follow_up"] >= 3
    assert card.overall >= 75


def test_the_old_phone_up_card_scores_low_even_when_long_and_polite(score):
    card = score(PHONE_UP_CARD, **CONTEXT)
    assert card.scores["reconnection"] <= 1
    assert card.scores["trust"] <= 1
    assert card.overall < score(STRONG, **CONTEXT).overall - 40


def test_a_test_drive_invitation_is_not_a_reconnection_ask(score):
    card = score(
        "Hi Dana, the Highlander is here. When can you come in for a test drive? Stop by anytime.",
        **CONTEXT,
    )
    assert card.scores["reconnection"] <= 1


def test_refusing_to_give_a_price_by_email_destroys_trust(score):
    message = (
        "Hi Dana, thanks for reaching out about the Highlander. We don't give prices by email; "
        "come in and we can talk numbers in person. Chris, 555-0142"
    )
    card = score(message, **{**CONTEXT, "customer_message": "What's your best price?"})
    assert card.scores["trust"] == 0
    evasion = next(e for e in card.evidence if e.indicator == "evasion")
    assert evasion.effect == "capped at 0"
    start, end = evasion.spans[0]
    assert "give prices" in card.text[start:end]


@pytest.mark.parametrize(
    "message",
    [
        "Dana, this Highlander WILL NOT LAST. ACT NOW before it is gone!!! Call 555-0142",
        "Hi Dana, only one left at this price and someone else is looking at it. Call me, 555-0142.",
        "Hi Dana, don't miss out, the price goes up at midnight!! Call me at 555-0142.",
    ],
)
def test_pressure_caps_and_fake_scarcity_are_never_rewarded(score, message):
    card = score(message, **CONTEXT)
    assert card.scores["urgency"] == 0
    assert card.scores["trust"] <= 1


def test_honest_specific_urgency_is_rewarded(score):
    message = (
        "Hi Dana, the $1,500 loyalty rebate on the Highlander ends November 30. "
        "Would a quick call at 4:15 today work to see if you qualify? Chris, 555-0142"
    )
    assert score(message, **CONTEXT).scores["urgency"] >= 3


def test_giving_up_on_the_lead_scores_zero_follow_up(score):
    message = (
        "Hi Dana, I haven't heard back so I'll close your file. "
        "Let me know if anything changes. Chris, 555-0142"
    )
    card = score(message, **{**CONTEXT, "day": 7, "stage": "aged_lead"})
    assert card.scores["follow_up"] == 0


def test_just_checking_in_is_weak_follow_up(score):
    message = "Hi Dana, just checking in to see if you're still interested in the Highlander. Let me know!"
    card = score(message, **{**CONTEXT, "day": 3, "stage": "aged_lead"})
    assert card.scores["follow_up"] <= 1


def test_owning_the_next_step_with_new_value_is_strong_follow_up(score):
    message = (
        "Hi Dana, I shot a new video of the Highlander's third row this morning; it's attached. "
        "I'll call you Thursday at 5:30 to hear what you think, and if I miss you I'll text instead. "
        "Chris, 555-0142"
    )
    card = score(message, **{**CONTEXT, "day": 3, "stage": "aged_lead"})
    assert card.scores["follow_up"] == 4


@pytest.mark.parametrize("placeholder", ["[First Name]", "{{first_name}}", "{FirstName}"])
def test_crm_placeholders_count_as_the_customers_name(score, placeholder):
    card = score(f"Hi {placeholder}, the Highlander is here. Could I call you at 4?", **CONTEXT)
    assert any(e.indicator == "uses_name" for e in card.evidence)


def test_the_wrong_customer_name_destroys_trust(score):
    card = score("Hi Mark, the Highlander is here. Can I call you at 4? Chris 555-0142", **CONTEXT)
    assert card.scores["trust"] == 0


def test_html_bodies_are_graded_on_their_text(score):
    html = "<p>" + STRONG.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
    card = score(html, **CONTEXT)
    assert card.scores == score(STRONG, **CONTEXT).scores
    assert any("HTML" in notice for notice in card.notices)


@pytest.mark.parametrize("message", ["", "   \n\t  "])
def test_empty_messages_score_zero_and_say_why(score, message):
    card = score(message, **CONTEXT)
    assert set(card.scores.values()) == {0}
    assert card.overall == 0
    assert any("empty" in notice for notice in card.notices)


@pytest.mark.parametrize(
    "message",
    [
        "call text phone today 3pm tomorrow honest transparent price video appraisal call text",
        "Can I call you at 4 today? " * 6,
        "BEST DEALS!!! CALL NOW!!! 555-0142 CHEAP CARS LOWEST PRICE GUARANTEED CALL CALL CALL",
    ],
)
def test_spam_salad_and_repetition_score_zero_or_one_everywhere(score, message):
    card = score(message, **CONTEXT)
    assert max(card.scores.values()) <= 1


def test_a_50_kb_message_is_graded_without_crashing(score):
    card = score(STRONG + "\n\n" + "More details follow here. " * 2000, **CONTEXT)
    assert card.overall is not None
    assert card.scores["reconnection"] <= 3  # far too long for a lead response
    assert any("long" in notice for notice in card.notices)


def test_non_english_is_reported_not_graded(score):
    card = score(
        "Hola Dana, la Highlander todavía está disponible. ¿Le puedo llamar hoy a las 4? "
        "Mi número es 555-0142. Gracias por su interés.",
        **CONTEXT,
    )
    assert card.overall is None
    assert set(card.scores.values()) == {None}
    assert card.language == "other"
    assert any("English" in notice for notice in card.notices)


def test_same_input_gives_the_same_scorecard_byte_for_byte(score):
    first = json.dumps(score(STRONG, **CONTEXT).as_dict(), sort_keys=True)
    second = json.dumps(score(STRONG, **CONTEXT).as_dict(), sort_keys=True)
    assert first == second


def test_every_level_below_four_comes_with_coaching(score):
    card = score("Hi Dana, the Highlander is available. Let me know.", **CONTEXT)
    for criterion in card.criteria:
        if criterion.level is not None and criterion.level < 4:
            assert criterion.coaching, criterion.id


def test_coaching_examples_are_fitted_to_the_scenario(score):
    card = score("Hello, it is available. Let me know.", **CONTEXT)
    assert any("Dana" in line for line in card.feedback)
    assert any("Highlander" in line for line in card.feedback)


VOICEMAIL_GOOD = (
    "Hi Dana, this is Chris Moreno at Lakeside Toyota. I have an answer on the Highlander's third "
    "row for you. My number is five five five, oh one four two. I'm here until 6 today, and "
    "I'll text you tomorrow morning if we miss each other. Again, that's five five five, "
    "oh one four two."
)


def test_a_good_voicemail_says_the_number_twice_and_one_reason(score):
    card = score(VOICEMAIL_GOOD, "voicemail", **CONTEXT)
    assert card.scores["reconnection"] == 4
    number = next(e for e in card.evidence if e.indicator == "callback_twice")
    assert "2 time" in number.detail


def test_a_voicemail_that_sells_the_car_and_quotes_a_price_loses_reconnection(score):
    selling = VOICEMAIL_GOOD.replace(
        "I have an answer",
        "It has leather, a sunroof, navigation, heated seats and it's only $38,995. I have an answer",
    )
    assert score(selling, "voicemail", **CONTEXT).scores["reconnection"] < 4


def test_a_text_wall_of_text_loses_reconnection(score):
    short = "Hi Dana, it's Chris at Lakeside. The Highlander is here. Quick call at 4:15 or is text easier?"
    wall = short + " " + "It has a great warranty and lots of features you will love. " * 8
    assert (
        score(wall, "text", **CONTEXT).scores["reconnection"]
        < score(short, "text", **CONTEXT).scores["reconnection"]
    )


def test_a_nickname_last_name_or_accent_is_not_the_wrong_name(score):
    for greeting, name in [("Mike", "Michael Okafor"), ("Mr. Okafor", "Michael Okafor"),
                           ("Zoe", "Zoë Park"), ("Liz", "Elizabeth Grant")]:  # fmt: skip
        card = score(
            f"Hi {greeting}, the Highlander is here. Can I call you at 4?", customer_name=name
        )
        assert not any(e.indicator == "wrong_name" for e in card.evidence), greeting


def test_everyday_words_and_the_customers_own_car_are_not_the_wrong_vehicle(score):
    message = (
        "Hi Dana, it has door edge guards. I had our manager look at your Escape again, "
        "and the model you asked about is still here. Can I call you at 4?"
    )
    card = score(message, customer_name="Dana", vehicle="2024 Toyota RAV4 XLE")
    assert not any(e.indicator == "wrong_vehicle" for e in card.evidence)


def test_a_different_model_with_the_same_first_word_is_the_wrong_vehicle(score):
    card = score("Hi Megan, the Santa Fe you liked is $1,000 off through the 15th. Want the price?",
                 customer_name="Megan", vehicle="2024 Hyundai Santa Cruz SEL")  # fmt: skip
    wrong = next(e for e in card.evidence if e.indicator == "wrong_vehicle")
    assert wrong.quotes == ("Santa Fe",)
    assert card.scores["trust"] == 0
