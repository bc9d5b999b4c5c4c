"""Vehicle makes and model names, for personalisation and wrong-vehicle checks.

This is domain data, kept small: the makes and models a US dealership sees most often. A
model not listed here is still recognised when it is the context's own vehicle.
"""

from __future__ import annotations

import re

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
    hr-v ioniq jetta k5 kicks kona legacy malibu maverick mazda3 model murano mustang
    niro odyssey outback pacifica palisade passport pathfinder pilot prius q5 rav4 ridgeline
    rogue santa seltos sentra sequoia sienna sierra silverado sonata sorento soul sportage
    suburban tacoma tahoe taos telluride terrain tiguan traverse trax tucson tundra venza
    versa wrangler x3 x5 1500 2500 3500 equinox-ev mach-e ev6 ev9 wrx impreza outlander
    rx nx es tx rdx mdx tlx integra""".split()
)

_YEAR = re.compile(r"^(19|20)\d\d$")


def split_vehicle(description: str) -> tuple[str | None, str | None]:
    """Return (make, model) from a description like "2023 Honda CR-V EX-L"."""
    words = [w for w in description.replace(",", " ").split() if not _YEAR.match(w)]
    lowered = [w.lower() for w in words]
    make = next((w for w in lowered if w in MAKES), None)
    rest = [w for w in lowered if w != make and w not in {"new", "used", "certified", "pre-owned"}]
    known = next((w for w in rest if w in MODELS), None)
    model = known or (rest[0] if rest else None)
    return make, model
