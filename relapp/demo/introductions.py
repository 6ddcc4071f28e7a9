"""The demo's introductions (story 1 and the people around it): who introduced you to
whom, whom you introduced, and introductions your friends made among themselves, enough
for a readable network of the demo's people.

Carol's introduction of Dan at SmallBiz was logged by the story itself; it is linked
rather than logged twice. Every other introduction is logged in the history of the
people in it, as recording one in the app does. Lena, whose card you got at Maya's
farewell party, stays someone you have never been in touch with, and Ada and Oliver's
college days are older than the demo's three years of history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from relapp.demo.content import C, DemoPerson, Rhythm, Story, email, mix, phone
from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import InteractionKind, PersonDraft
from relapp.services import interactions, introductions, people

if TYPE_CHECKING:
    from relapp.demo.builder import DemoBuilder
    from relapp.domain.model import Channel

ME = ""  # "you" in the table below

ED = Story(
    people={
        "ed": DemoPerson(
            PersonDraft(
                "Ed Navarro",
                given_name="Ed",
                family_name="Navarro",
                organisation="Navarro Family Farms",
                title="Owner",
                met_how="Buys Nadia's bread for his farm stand; we got talking at the market.",
                notes="Wants to hand the farm to his two daughters without a family feud.",
                tags=("farming", "family business"),
                contact_points=(
                    email("ed@navarrofarms.example"),
                    phone("+1 (903) 555-0187", "mobile"),
                ),
            ),
            met_day=-400,
            rhythm=Rhythm(
                5,
                18,
                380,
                mix(message=2, meeting=1, call=1),
                (
                    "the peach harvest",
                    "his daughters' plans for the farm",
                    "how the meeting with Carol went",
                    "a crate of tomatoes he dropped off",
                ),
            ),
        ),
    }
)


@dataclass(frozen=True)
class DemoIntroduction:
    introducer: str  # demo keys; ME for you
    a: str
    b: str
    context: str
    channel: Channel
    days_ago: int | None = None  # None: the day you met the person introduced to you


INTRODUCTIONS = (
    DemoIntroduction("carol", ME, "ellen", "at Roth & Marsh's office-warming in Plano", C.MEETING),
    DemoIntroduction("carol", ME, "greg", "on her boat at the spring regatta", C.MEETING),
    DemoIntroduction("carol", ME, "nadia", "at her bakery's opening", C.MEETING),
    DemoIntroduction("carol", ME, "grace", "at the Lakeside Sailing Club", C.MEETING),
    DemoIntroduction("dan", ME, "ben", "on the kick-off call", C.VIDEO),
    DemoIntroduction("hannah", ME, "jeff", "when we were looking for a mortgage", C.MESSAGE),
    DemoIntroduction("okafor", ME, "kevin", "at the shop, before he retired", C.MEETING),
    DemoIntroduction("priya", ME, "tom", "on her video demo", C.VIDEO),
    DemoIntroduction("sam", ME, "kofi", "at the Thursday chess club", C.MEETING),
    DemoIntroduction("oliver", "ada", "sam", "at Oliver's birthday dinner", C.MEETING, 150),
    DemoIntroduction("anna", ME, "fatima", "at the London Book Fair", C.MEETING),
    DemoIntroduction(ME, "carol", "ed", "by email: Ed needs help handing the farm on", C.EMAIL, 60),
    DemoIntroduction(ME, "dan", "wei", "by email, when Dan needed an accountant", C.EMAIL, 600),
    DemoIntroduction(ME, "isabelle", "dan", "by email: two logistics people", C.EMAIL, 300),
    DemoIntroduction(ME, "priya", "ben", "about dispatch analytics", C.EMAIL, 100),
    DemoIntroduction(ME, "sam", "lukasz", "both play correspondence chess", C.MESSAGE, 250),
    DemoIntroduction(ME, "zoe", "theo", "over photos of his record shop", C.SOCIAL, 400),
    DemoIntroduction("carol", "greg", "grace", "at the sailing club", C.MEETING, 650),
    DemoIntroduction("theo", "jose", "kofi", "at the record shop", C.MEETING, 500),
    DemoIntroduction("hannah", "maya", "nadia", "over sourdough starters", C.MESSAGE, 300),
    DemoIntroduction("ruth", "kofi", "maya", "at the Blue Lantern jazz night", C.MEETING, 700),
)


def who_introduced_whom(b: DemoBuilder) -> None:
    """Ed, and the introductions of the demo."""
    b.tell(ED)
    carol, dan = b.ids["carol"], b.ids["dan"]
    smallbiz = next(
        e.interaction
        for e in interactions.history_page(b.db, carol, 0, 1000)
        if e.interaction.kind is InteractionKind.INTRODUCTION
    )
    introductions.record_introduction(
        b.db,
        IntroductionDraft(
            carol,
            None,
            dan,
            smallbiz.occurred_at.astimezone().date(),
            "at the SmallBiz conference in Denver",
        ),
        interaction_id=smallbiz.id,
        now=b.now,
    )
    for intro in INTRODUCTIONS:
        draft = IntroductionDraft(
            _id(b, intro.introducer),
            _id(b, intro.a),
            _id(b, intro.b),
            _day(b, intro),
            intro.context,
        )
        introductions.record_introduction(b.db, draft, channel=intro.channel, now=b.now)
        b.interactions += 1


def _id(b: DemoBuilder, key: str) -> int | None:
    return b.ids[key] if key else None


def _day(b: DemoBuilder, intro: DemoIntroduction) -> date:
    if intro.days_ago is not None:
        return b.days_ago(intro.days_ago)
    met_on = people.get_person(b.db, b.ids[intro.b]).met_on
    return met_on if met_on is not None else b.today - timedelta(days=365)
