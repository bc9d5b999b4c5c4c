"""Vehicle makes and model names, for personalisation and wrong-vehicle checks.

This is domain data, kept small: the makes and models a US dealership sees most often. A
model not listed here is still recognised when it is the context's own vehicle.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAKES = frozenset(
    """acura alfa audi bmw buick cadillac chevrolet chevy chrysler dodge fiat ford genesis gmc
    honda hyundai infiniti jaguar jeep kia land lexus lincoln mazda mercedes mercedes-benz mini
    mitsubishi nissan polestar porsche ram rivian subaru tesla toyota volkswagen vw volvo""".split()
)

MODELS = frozenset(
    """4runner 86 accord acadia altima armada ascent atlas avalon blazer bolt bronco
    c-class camry canyon carnival cherokee civic colorado compass corolla corvette cr-v crosstrek
    cx-30 cx-5 cx-50 cx-9 cx-90 durango edge elantra enclave encore envision equinox escalade
    escape expedition explorer f-150 f-250 f-350 forester frontier gladiator grand highlander
    hr-v ioniq jetta k5 kicks kona legacy malibu maverick mazda3 murano mustang
    niro odyssey outback pacifica palisade passport pathfinder pilot prius q5 rav4 ridgeline
    rogue santa seltos sentra sequoia sienna sierra silverado sonata sorento soul sportage
    suburban tacoma tahoe taos telluride terrain tiguan traverse trax tucson tundra venza
    versa wrangler x3 x5 1500 2500 3500 equinox-ev mach-e ev6 ev9 wrx impreza outlander
    rx nx tx rdx mdx tlx integra fit insight element hr-v cruze spark impala trailblazer
    blazer-ev silverado-ev yukon savana express transit ranger mirage eclipse-cross leaf
    ariya stinger sorento-hybrid ioniq5 ioniq6 genesis-gv70 gv70 gv80 g70 g80 cx-70
    mx-5 miata sierra-ev hornet tonale renegade wagoneer charger challenger hornet
    outlander-sport forte rio carnival niro-ev""".split()
)

_YEAR = re.compile(r"^(19|20)\d\d$")

# Models whose first word is shared: compare the pair ("santa fe" is not "santa cruz").
TWO_WORD_MODELS = {
    "santa": frozenset({"fe", "cruz"}),
    "grand": frozenset({"cherokee", "highlander", "caravan", "wagoneer", "vitara"}),
    "model": frozenset({"3", "s", "x", "y"}),
}


@lru_cache(maxsize=1024)  # one context's vehicle is asked about several times a message
def split_vehicle(description: str) -> tuple[str | None, str | None]:
    """Return (make, model) from a description like "2023 Honda CR-V EX-L"."""
    words = [w for w in description.replace(",", " ").split() if not _YEAR.match(w)]
    lowered = [w.lower() for w in words]
    make = next((w for w in lowered if w in MAKES), None)
    rest = [w for w in lowered if w != make and w not in {"new", "used", "certified", "pre-owned"}]
    known = next((w for w in rest if w in MODELS or w in TWO_WORD_MODELS), None)
    model = known or (rest[0] if rest else None)
    if model in TWO_WORD_MODELS and model in rest:
        following = rest[rest.index(model) + 1 : rest.index(model) + 2]
        if following and following[0] in TWO_WORD_MODELS[model]:
            model = f"{model} {following[0]}"
    return make, model
