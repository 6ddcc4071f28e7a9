"""Notes for the generated interactions: sentences of real English words, drawn with a
Zipf-like spread (a few words very common, most rare), so the full-text search meets
the doclists a real history has: "the" in half the notes, "gardening" in a few."""

from __future__ import annotations

import itertools
import random

# Common words first: the weight of the word at rank r is 1 / (r + 1).
_TEXT = """
the and to of a in for we about she he they it was on with her his their next that
said would will this talked asked wants new call week meeting project plans time
after before again back still really good great team work home family kids trip
school money house job idea help news update budget contract offer price quote order
delivery invoice report draft proposal review feedback launch release version plan
schedule deadline summer winter spring autumn holiday weekend morning evening dinner
lunch breakfast coffee tea wine beer restaurant hotel flight train airport station
city country village garden gardening roses tomatoes orchard beekeeping honey chickens
sourdough bread baking recipe cooking kitchen renovation roof plumbing painting
furniture moving apartment mortgage landlord neighbour dog puppy cat horse riding
cycling running marathon triathlon swimming sailing climbing hiking skiing tennis golf
football cricket rugby chess poker guitar piano violin choir opera concert festival
theatre museum gallery exhibition photography camera painting pottery knitting quilting
woodworking carpentry birdwatching astronomy telescope fishing camping kayak canoe
surfing diving yoga pilates meditation therapy doctor hospital surgery recovery knee
shoulder back pregnancy baby wedding engagement divorce funeral retirement promotion
interview hiring layoff startup investor funding acquisition merger conference keynote
workshop webinar podcast newsletter blog book novel poetry translation language
spanish french german italian japanese mandarin portuguese dutch swedish greek
university degree thesis research grant laboratory chemistry biology physics
mathematics statistics economics history philosophy architecture engineering
software database migration security privacy compliance audit lawyer accountant
taxes pension insurance charity volunteering fundraiser election council committee
board chairman mentor mentee internship apprenticeship scholarship graduation
anniversary birthday christmas easter thanksgiving ramadan diwali hanukkah newyear
barcelona lisbon berlin vienna prague krakow budapest copenhagen stockholm oslo
helsinki dublin edinburgh london paris rome milan naples athens istanbul cairo
nairobi lagos johannesburg mumbai delhi bangalore singapore tokyo kyoto seoul
sydney melbourne auckland toronto vancouver montreal boston chicago seattle denver
austin miami mexico bogota lima santiago buenos
"""
_WORDS = _TEXT.split()
_WEIGHTS = [1 / (rank + 1) for rank in range(len(_WORDS))]
# Summed once: ``choices`` with plain weights sums all ~600 of them on every call (the
# same draws either way; at the xl size that was minutes of the generator's time).
_CUM_WEIGHTS = list(itertools.accumulate(_WEIGHTS))


def note(rng: random.Random) -> str:
    """One to three sentences of six to fourteen words each."""
    sentences = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        words = rng.choices(_WORDS, cum_weights=_CUM_WEIGHTS, k=rng.randint(6, 14))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)
