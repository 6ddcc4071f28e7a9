"""Story 1, the forgotten introduction: Carol introduced you to Dan two years ago; Dan
became your best client while Carol, who had been in your contacts all along, faded."""

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
from relapp.domain.model import Birthday, PersonDraft

INTRODUCTION = Story(
    people={
        "carol": DemoPerson(
            PersonDraft(
                "Carol Roth",
                given_name="Carol",
                family_name="Roth",
                organisation="Roth & Marsh Consulting",
                title="Managing Partner",
                birthday=Birthday(4, 17),
                met_how=(
                    "Met at the SmallBiz conference in Denver two years ago; she introduced "
                    "me to Dan Whitaker there, over coffee between sessions."
                ),
                preferred_channel=C.EMAIL,
                notes=(
                    "Runs a consultancy for family businesses. Sails on Lake Ray Hubbard most "
                    "weekends; loves the Thursday jazz night at the Blue Lantern."
                ),
                tags=("sailing", "jazz", "small business"),
                contact_points=(
                    email("carol@rothmarsh.example", "work"),
                    phone("+1 (972) 529-1234", "mobile"),
                ),
            ),
            met_day=-730,
            rhythm=Rhythm(
                8,
                430,
                720,
                mix(email=3, social=2, message=1),
                (
                    "her firm's new office in Plano",
                    "the sailing season on Lake Ray Hubbard",
                    "a client she thought I should meet",
                    "the SmallBiz follow-up panel",
                    "her daughter starting at UT",
                ),
                initiative=0.3,
            ),
        ),
        "dan": DemoPerson(
            PersonDraft(
                "Dan Whitaker",
                given_name="Dan",
                family_name="Whitaker",
                organisation="Whitaker Freight Co.",
                title="CEO",
                met_how="Introduced by Carol Roth at the SmallBiz conference in Denver.",
                preferred_channel=C.CALL,
                cadence_days=30,
                notes="Carol's introduction. Our biggest client within a year. "
                "Prefers a quick call to a long email.",
                tags=("logistics", "golf"),
                contact_points=(
                    phone("972.555.0142", "work"),
                    email("dan.whitaker@whitakerfreight.example", "work"),
                ),
            ),
            met_day=-730,
            rhythm=Rhythm(
                36,
                6,
                700,
                mix(call=4, email=4, meeting=2, video=2),
                (
                    "the Q3 shipping contract",
                    "renewing the routing software",
                    "the new Fort Worth depot",
                    "invoice terms for next year",
                    "his team's dispatch dashboard",
                    "the peak-season staffing plan",
                    "golf at Tenison Park (he won, again)",
                    "a pilot with two of his drivers",
                ),
                initiative=0.55,
            ),
        ),
        "ben": DemoPerson(
            PersonDraft(
                "Ben Harlow",
                organisation="Whitaker Freight Co.",
                title="Head of Operations",
                met_how="Dan's operations lead; joined the kick-off call.",
                tags=("logistics", "cycling"),
                contact_points=(email("ben.harlow@whitakerfreight.example", "work"),),
            ),
            met_day=-700,
            rhythm=Rhythm(
                12,
                20,
                690,
                mix(email=3, video=2, message=1),
                (
                    "bugs in the dispatch dashboard",
                    "driver schedules over the holidays",
                    "the pilot's weekly numbers",
                    "onboarding two new dispatchers",
                ),
            ),
        ),
        "ellen": DemoPerson(
            PersonDraft(
                "Ellen Marsh",
                organisation="Roth & Marsh Consulting",
                title="Partner",
                met_how="Carol's business partner; met at their office-warming in Plano.",
                tags=("wine", "running"),
                contact_points=(email("ellen@rothmarsh.example", "work"),),
            ),
            met_day=-640,
            rhythm=Rhythm(
                5,
                300,
                630,
                mix(email=2, meeting=1, social=1),
                (
                    "the family-business workshop she runs",
                    "her Napa trip",
                    "Carol's regatta",
                ),
            ),
        ),
        "greg": DemoPerson(
            PersonDraft(
                "Greg Tanaka",
                organisation="Lakeside Sailing Club",
                met_how="Crewed with him on Carol's boat at the spring regatta.",
                tags=("sailing", "photography"),
                contact_points=(phone("+1 214-555-0148", "mobile"),),
            ),
            met_day=-560,
            rhythm=Rhythm(
                6,
                200,
                550,
                mix(message=3, social=2, meeting=1),
                (
                    "his photos from the regatta",
                    "a spare spot on the boat next Saturday",
                    "the club's new dinghies",
                ),
            ),
        ),
        "nadia": DemoPerson(
            PersonDraft(
                "Nadia Flores",
                organisation="Flour & Flame Bakery",
                title="Owner",
                met_how="Carol's former colleague; Carol brought me to her bakery's opening.",
                tags=("sourdough", "baking"),
                contact_points=(email("nadia@flourandflame.example"),),
            ),
            met_day=-500,
            rhythm=Rhythm(
                10,
                35,
                490,
                mix(meeting=3, message=2, social=2),
                (
                    "her rye sourdough finally holding its shape",
                    "the starter she gave me, which I named Clint",
                    "the second shop she's eyeing",
                    "a 6 a.m. bake she let me watch",
                    "her stall at the farmers' market",
                ),
            ),
        ),
    },
    moments=(
        Moment(
            -730,
            "09:40",
            C.MEETING,
            D.BOTH,
            ("carol", "dan"),
            "SmallBiz conference — Carol introduced me to Dan Whitaker over coffee",
            K.INTRODUCTION,
            notes='She said: "You two should talk about his dispatch mess." She was right.',
        ),
        Moment(-729, "08:15", C.EMAIL, D.OUTBOUND, ("carol",), "Thanked Carol for meeting Dan"),
        Moment(
            -700,
            "11:00",
            C.LETTER,
            D.OUTBOUND,
            ("carol",),
            "Sent Carol a handwritten thank-you and the Rioja she mentioned",
        ),
        Moment(
            -700,
            "16:00",
            C.VIDEO,
            D.BOTH,
            ("dan", "ben"),
            "Kick-off with Dan and Ben — scoped the dispatch pilot",
        ),
        Moment(
            -640,
            "10:20",
            C.EMAIL,
            D.INBOUND,
            ("carol",),
            "Carol sent the speaker list from SmallBiz and flagged two people worth meeting",
            K.FAVOUR_RECEIVED,
        ),
        Moment(
            -600,
            "14:30",
            C.MEETING,
            D.BOTH,
            ("dan",),
            "Signed the first contract with Whitaker Freight at Dan's office",
        ),
        Moment(
            -590,
            "12:30",
            C.MEETING,
            D.BOTH,
            ("carol",),
            "Lunch at Rosa's — Carol on growing a consultancy without losing weekends",
        ),
        Moment(
            -400,
            "19:05",
            C.MESSAGE,
            D.INBOUND,
            ("carol",),
            "Carol asked how things were going with Dan — I never replied properly",
        ),
        Moment(
            -365,
            "10:00",
            C.MEETING,
            D.BOTH,
            ("dan", "ben"),
            "One-year review at the Fort Worth depot with Dan and Ben",
        ),
        Moment(
            -200,
            "07:30",
            C.MEETING,
            D.BOTH,
            ("nadia",),
            "Nadia catered our client breakfast at cost",
            K.FAVOUR_RECEIVED,
        ),
        Moment(
            -45,
            "16:40",
            C.EMAIL,
            D.INBOUND,
            ("dan",),
            "Dan recommended us to a logistics firm in Tulsa",
            K.FAVOUR_RECEIVED,
        ),
    ),
)
