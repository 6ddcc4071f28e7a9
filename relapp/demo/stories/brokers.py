"""Story 2, the three mortgage brokers, about eleven months ago. Days count from the
Monday you started looking, so Jeff's "Thursday at 3" falls on a Thursday."""

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

# The Monday the search started is this many days (or a few more) before today.
STARTED_DAYS_AGO = 330

BROKERS = Story(
    people={
        "jeff": DemoPerson(
            PersonDraft(
                "Jeff Park",
                given_name="Jeff",
                family_name="Park",
                organisation="Park Lane Mortgage",
                title="Mortgage Broker",
                met_how="Hannah recommended him when we were looking for a mortgage.",
                preferred_channel=C.CALL,
                cadence_days=90,
                notes=(
                    "Called back Thursday at 3 on the dot, as he said he would, and sent a "
                    "handwritten note after closing. He gets the refinance too."
                ),
                tags=("mortgage",),
                contact_points=(
                    phone("214-555-0199", "work"),
                    email("jeff@parklanemortgage.example", "work"),
                ),
            ),
            met_day=0,
            rhythm=Rhythm(
                4,
                25,
                250,
                mix(call=2, email=2),
                (
                    "a rates check-in; nothing to do yet",
                    "a refinance question from my brother",
                    "the escrow statement",
                    "tips for the property tax appeal",
                ),
                initiative=0.4,
            ),
        ),
        "sandra": DemoPerson(
            PersonDraft(
                "Sandra Blake",
                given_name="Sandra",
                family_name="Blake",
                organisation="Apex Home Loans",
                title="Senior Loan Officer",
                met_how="Filled in a rate form on Apex Home Loans' website; she has called since.",
                notes="Form emails, several calls a day. Asked her to slow down; it did not help.",
                tags=("mortgage",),
                contact_points=(
                    phone("1-800-555-0134", "work"),
                    email("sandra.blake@apexhomeloans.example", "work"),
                ),
            ),
            met_day=0,
        ),
        "marcus": DemoPerson(
            PersonDraft(
                "Marcus Hill",
                given_name="Marcus",
                family_name="Hill",
                organisation="Hill Street Lending",
                title="Loan Officer",
                met_how="Met at an open house on Maple Ave; said he'd call the next day.",
                notes="Never called back when he said he would; three weeks later he called "
                "four times in four hours.",
                tags=("mortgage",),
                contact_points=(
                    phone("(469) 555-0175", "mobile"),
                    email("marcus@hillstreetlending.example", "work"),
                ),
            ),
            met_day=-2,
        ),
    },
    moments=(
        Moment(
            0,
            "10:30",
            C.CALL,
            D.OUTBOUND,
            ("jeff",),
            "First call with Jeff — he'll call back Thursday at 3 with options",
        ),
        Moment(
            3,
            "15:00",
            C.CALL,
            D.INBOUND,
            ("jeff",),
            "Jeff called back Thursday at 3 on the dot with three rate options",
            notes="Plain English, no pressure. Said he'd put it in writing tonight.",
        ),
        Moment(
            3,
            "17:20",
            C.EMAIL,
            D.INBOUND,
            ("jeff",),
            "Jeff's follow-up: the three options in a one-page table",
        ),
        Moment(
            4,
            "09:10",
            C.EMAIL,
            D.INBOUND,
            ("jeff",),
            "Jeff sent the checklist of documents the bank will ask for",
            K.FAVOUR_RECEIVED,
        ),
        Moment(
            10,
            "11:00",
            C.MEETING,
            D.BOTH,
            ("jeff",),
            "Met Jeff at his office — chose the 30-year fixed",
        ),
        Moment(
            38,
            "14:00",
            C.MEETING,
            D.BOTH,
            ("jeff",),
            "Closing day — Jeff walked us through every page",
        ),
        Moment(
            42,
            "12:00",
            C.LETTER,
            D.INBOUND,
            ("jeff",),
            "Handwritten note from Jeff on the new house; he remembered Biscuit the dog",
        ),
        Moment(
            2,
            "20:15",
            C.EMAIL,
            D.OUTBOUND,
            ("sandra",),
            "Asked Sandra to email only, and once a week is plenty",
        ),
        Moment(
            14,
            "09:00",
            C.EMAIL,
            D.OUTBOUND,
            ("sandra",),
            "Told Sandra we went with another broker — thanks, and please stop calling",
        ),
        Moment(
            -2,
            "14:00",
            C.MEETING,
            D.BOTH,
            ("marcus",),
            "Open house on Maple Ave — Marcus said he'd call tomorrow about a 15-year fixed",
        ),
        Moment(
            1,
            "17:30",
            C.CALL,
            D.OUTBOUND,
            ("marcus",),
            "Left Marcus a voicemail — still no callback",
        ),
        Moment(
            8,
            "12:10",
            C.EMAIL,
            D.OUTBOUND,
            ("marcus",),
            "Emailed Marcus to ask if he was still interested — no reply",
        ),
        Moment(22, "09:05", C.CALL, D.INBOUND, ("marcus",), "Missed call from Marcus"),
        Moment(22, "09:50", C.CALL, D.INBOUND, ("marcus",), "Marcus called again — no voicemail"),
        Moment(22, "11:20", C.CALL, D.INBOUND, ("marcus",), "Third call from Marcus this morning"),
        Moment(
            22,
            "12:55",
            C.CALL,
            D.BOTH,
            ("marcus",),
            "Marcus's fourth call in four hours — told him we'd already chosen a broker",
        ),
    ),
)

# Sandra's side of things: a fortnight of blasts from the day you filled in her form,
# then a trickle that never stops. Several a day; none of them about us.
SANDRA_DAYS = 14
SANDRA_LATER_DAYS = (17, 21, 30, 45, 60, 95, 150, 220, 300)
SANDRA_EMAILS = (
    'Form email: "Rates are moving — lock in TODAY!"',
    'Form email: "Dear Valued Homebuyer, don\'t miss out"',
    'Newsletter: "5 reasons to refinance now" (we haven\'t bought yet)',
    'Form email: "Just following up on my last email"',
    'Form email: "Your pre-approval is waiting!" — with the wrong first name',
    '"Quick question" email — the same template as yesterday',
    'Form email: "Still thinking it over? Rates won\'t wait!"',
)
SANDRA_CALLS = (
    "Sandra called during dinner — the same rate pitch",
    "Missed call from Sandra, no voicemail",
    "Sandra called again, the second time today",
    'Sandra called at 8:05 a.m. — "just checking in"',
    "Sandra called while I was in a meeting — hung up when I said I'd call back",
)
