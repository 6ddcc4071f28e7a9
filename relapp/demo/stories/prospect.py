"""Story 3, the prospect who asked for email: Priya cannot take calls at work and said so."""

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

PROSPECT = Story(
    people={
        "priya": DemoPerson(
            PersonDraft(
                "Priya Nair",
                given_name="Priya",
                family_name="Nair",
                organisation="Brightwater Analytics",
                title="Head of Operations",
                met_how="Wrote in about our dispatch pilot after reading the Whitaker case study.",
                preferred_channel=C.EMAIL,
                avoid_channels=frozenset({C.CALL}),
                notes=(
                    "Cannot take calls: she is on the warehouse floor all day. Email is best; "
                    "she reads it in the evening and answers the next morning."
                ),
                tags=("prospect", "logistics", "analytics"),
                contact_points=(
                    email("priya.nair@brightwater.example", "work"),
                    phone("+1 (415) 555-0123", "work"),
                ),
            ),
            met_day=-160,
        ),
        "tom": DemoPerson(
            PersonDraft(
                "Tom Becker",
                organisation="Brightwater Analytics",
                title="CFO",
                met_how="Joined Priya's video demo to ask about pricing.",
                contact_points=(email("tom.becker@brightwater.example", "work"),),
            ),
            met_day=-110,
            rhythm=Rhythm(
                2,
                85,
                100,
                mix(email=1),
                ("pricing questions on the pilot", "the invoice address for Brightwater"),
                initiative=0.3,
            ),
        ),
    },
    moments=(
        Moment(
            -160,
            "10:05",
            C.EMAIL,
            D.INBOUND,
            ("priya",),
            "Priya asked about the dispatch pilot after reading the Whitaker case study",
        ),
        Moment(
            -158,
            "11:30",
            C.CALL,
            D.OUTBOUND,
            ("priya",),
            "Called Priya to follow up — no answer, left a voicemail",
        ),
        Moment(
            -157,
            "21:40",
            C.EMAIL,
            D.INBOUND,
            ("priya",),
            "Priya: \"I can't take calls during the day — I'm on the warehouse floor. "
            'Email is best; I read it every evening."',
            notes="Her words. Email only from now on.",
        ),
        Moment(
            -156,
            "08:30",
            C.EMAIL,
            D.OUTBOUND,
            ("priya",),
            "Apologised for the call; sent the pilot overview by email instead",
        ),
        Moment(
            -140,
            "07:50",
            C.EMAIL,
            D.INBOUND,
            ("priya",),
            "Priya's questions on data retention and the driver app",
        ),
        Moment(
            -138, "16:20", C.EMAIL, D.OUTBOUND, ("priya",), "Answered her questions point by point"
        ),
        Moment(
            -110,
            "19:00",
            C.VIDEO,
            D.BOTH,
            ("priya", "tom"),
            "Video demo she booked for 7 p.m., with Tom Becker from finance",
        ),
        Moment(
            -105,
            "09:15",
            C.EMAIL,
            D.OUTBOUND,
            ("priya",),
            "Sent the proposal and pricing for a three-month pilot",
        ),
        Moment(
            -90,
            "07:40",
            C.EMAIL,
            D.INBOUND,
            ("priya",),
            "Priya: budget approved for Q3 — she wants a start date",
        ),
        Moment(
            -60,
            "10:00",
            C.EMAIL,
            D.OUTBOUND,
            ("priya",),
            "Shared our warehouse-layout checklist with Priya, no strings attached",
            K.FAVOUR_GIVEN,
        ),
        Moment(
            -20,
            "07:55",
            C.EMAIL,
            D.INBOUND,
            ("priya",),
            "Priya: week one of the pilot went smoothly; two small requests",
        ),
        Moment(-5, "17:00", C.EMAIL, D.OUTBOUND, ("priya",), "Weekly pilot summary to Priya"),
    ),
)
