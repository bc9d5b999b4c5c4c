"""Tell English from other languages by their commonest words.

The scorer grades English messages only; a message in another language is reported as not
graded instead of being given invented levels.
"""

from __future__ import annotations

FUNCTION_WORDS = frozenset(
    """a an the and or but so if then than that this these those to of in on at by for with
    from about as into over after before until up out i me my we us our you your he she it its
    they them their is am are was were be been being do does did have has had will would can
    could should shall may might must not no yes what when where which who why how there here
    just all any some more also very let please his her him hers ours yours theirs""".split()
)

_FOREIGN = frozenset(
    """el la los las un una unos unas y o pero que de del en con por para es son está estoy
    muy su sus mi mis tu le lo se nos usted ustedes hola gracias quiero puede
    le les des du et ou mais est sont je tu il elle nous vous avec pour dans sur pas une bonjour
    merci votre vos
    o os as um uma e ou mas é são com para por não seu sua obrigado olá você
    der die das und oder aber ist sind ich sie wir mit für nicht ein eine""".split()
)

_ONLY_FOREIGN = _FOREIGN - FUNCTION_WORDS  # "a", "me", "his"... count as English


def looks_english(words: list[str]) -> bool:
    """Return False when the (alphabetic) words look like another language, not English."""
    if len(words) < 5:
        return True
    english = sum(map(FUNCTION_WORDS.__contains__, words))
    foreign = sum(map(_ONLY_FOREIGN.__contains__, words))
    return not (foreign >= 3 and foreign > english)
