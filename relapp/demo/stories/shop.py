"""Story 4, the shop owner who knew your taste: Mr. Okafor called when the linen came in;
his nephew, who took the shop over, never did, and the shop closed."""

from __future__ import annotations

from relapp.demo.content import (
    C,
    D,
    DemoPerson,
    K,
    Moment,
    Rhythm,
    Story,
    email,
    mix,
    phone,
)
from relapp.domain.model import PersonDraft

SHOP = Story(
    people={
        "okafor": DemoPerson(
            PersonDraft(
                "Emeka Okafor",
                given_name="Emeka",
                family_name="Okafor",
                nickname="Mr. Okafor",
                organisation="Okafor & Sons Tailoring",
                title="Owner (retired)",
                met_how="Walked into his shop on Elm Street for an alteration; he remembered "
                "my measurements every time after.",
                preferred_channel=C.CALL,
                notes=(
                    "Knew my taste: unstructured linen jackets, a soft shoulder, navy and sand. "
                    "Called whenever the Irish linen came in. Retired last spring; his nephew "
                    "Kevin took over the shop."
                ),
                tags=("tailoring", "linen"),
                contact_points=(phone("(214) 555-0163", "shop"),),
            ),
            met_day=-1090,
            rhythm=Rhythm(
                14,
                260,
                1080,
                mix(call=3, meeting=3, letter=1),
                (
                    "the Irish linen I liked came in; he put a jacket aside in my size",
                    "a fitting; he remembered I like a softer shoulder",
                    "the autumn tweeds, just in case",
                    "hemming the navy trousers",
                    "his grandson's graduation",
                    "a shirting fabric he thought I'd like",
                ),
                initiative=0.2,
            ),
        ),
        "kevin": DemoPerson(
            PersonDraft(
                "Kevin Doyle",
                organisation="Okafor & Sons Tailoring",
                title="Owner",
                met_how="Mr. Okafor's nephew; took over the shop when he retired.",
                notes="Never called about new stock. The shop closed this spring.",
                tags=("tailoring",),
                contact_points=(email("kevin@okaforandsons.example", "shop"),),
            ),
            met_day=-250,
        ),
    },
    moments=(
        Moment(
            -900,
            "11:30",
            C.MEETING,
            D.BOTH,
            ("okafor",),
            "Mr. Okafor altered Dad's old suit for the wedding and wouldn't take payment",
            K.FAVOUR_RECEIVED,
        ),
        Moment(
            -500,
            "18:00",
            C.LETTER,
            D.OUTBOUND,
            ("okafor",),
            "Sent Mr. Okafor a thank-you card and wrote the shop a review",
            K.FAVOUR_GIVEN,
        ),
        Moment(
            -250,
            "17:00",
            C.MEETING,
            D.BOTH,
            ("okafor", "kevin"),
            "Mr. Okafor's farewell at the shop — he introduced his nephew Kevin",
            K.INTRODUCTION,
        ),
        Moment(
            -180,
            "12:45",
            C.MEETING,
            D.OUTBOUND,
            ("kevin",),
            "Dropped by the shop — Kevin didn't know my measurements were on file",
        ),
        Moment(
            -120,
            "09:30",
            C.EMAIL,
            D.OUTBOUND,
            ("kevin",),
            "Asked Kevin whether the linen is coming in this year — no reply",
        ),
        Moment(
            -40,
            "10:10",
            C.EMAIL,
            D.INBOUND,
            ("kevin",),
            "Kevin: closing-down sale, everything half price",
        ),
    ),
)
