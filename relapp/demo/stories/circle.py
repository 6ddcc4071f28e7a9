"""Story 4, continued: the wider circle. Jazz and chess friends, work contacts with long
organisation names and foreign phone numbers, people fading away, and a few old contacts
that could be archived (they are left active)."""

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

CIRCLE = Story(
    people={
        "ruth": DemoPerson(
            PersonDraft(
                "Ruth Abernathy",
                title="Retired music teacher",
                birthday=Birthday(5, 30, 1949),
                met_how="My music teacher in high school; now a friend and a mentor.",
                cadence_days=90,
                preferred_channel=C.LETTER,
                notes="Writes real letters and expects the same.",
                tags=("jazz", "choir"),
                contact_points=(phone("+1 (972) 555-0104", "home"),),
            ),
            met_day=-9000,
            rhythm=Rhythm(
                11,
                95,
                1080,
                mix(letter=2, call=2, meeting=1),
                (
                    "the choir's Ellington programme",
                    "her garden in the rain",
                    "a book of essays she sent me",
                    "her old students' reunion",
                ),
                initiative=0.6,
            ),
        ),
        "kofi": DemoPerson(
            PersonDraft(
                "Kofi Mensah",
                title="Saxophonist",
                met_how="Plays at the Blue Lantern; also at the chess club on Thursdays.",
                tags=("jazz", "chess"),
                contact_points=(phone("469.555.0116", "mobile"),),
            ),
            met_day=-800,
            rhythm=Rhythm(
                12,
                22,
                800,
                mix(message=3, meeting=2, social=1),
                (
                    "his quartet's gig at the Blue Lantern",
                    "blitz chess before the set",
                    "a Coltrane solo he's transcribing",
                ),
            ),
        ),
        "theo": DemoPerson(
            PersonDraft(
                "Theo Lindqvist",
                organisation="Second Spin Records",
                title="Owner",
                met_how="Owns the record shop on Lower Greenville.",
                tags=("jazz", "vinyl"),
                contact_points=(email("theo@secondspin.example", "shop"),),
            ),
            met_day=-1050,
            rhythm=Rhythm(
                7,
                420,
                1000,
                mix(meeting=2, message=2),
                (
                    "a first pressing of Kind of Blue",
                    "the record fair in Fort Worth",
                    "the shop's listening nights",
                ),
                initiative=0.4,
            ),
        ),
        "grace": DemoPerson(
            PersonDraft(
                "Grace Liu",
                organisation="Lakeside Sailing Club",
                title="Club Captain",
                met_how="Runs the sailing club Carol and Greg race with.",
                tags=("sailing",),
                contact_points=(email("captain@lakesidesailing.example", "club"),),
            ),
            met_day=-700,
            rhythm=Rhythm(
                8,
                40,
                700,
                mix(email=2, message=1, meeting=1),
                ("the spring regatta crew list", "club dues", "a safety course in May"),
                initiative=0.4,
            ),
        ),
        "fatima": DemoPerson(
            PersonDraft(
                "Fatima El-Amin",
                organisation=(
                    "International Association of Independent Bookbinders and Paper Conservators"
                ),
                title="Programme Director",
                met_how="Met at the London Book Fair; she runs their workshop programme.",
                preferred_channel=C.EMAIL,
                tags=("bookbinding", "letterpress"),
                contact_points=(
                    phone("+44 20 7946 0958", "office"),
                    email("f.el-amin@iaibpc.example", "work"),
                ),
            ),
            met_day=-600,
            rhythm=Rhythm(
                9,
                140,
                590,
                mix(email=4, video=1),
                (
                    "the conservation workshop programme",
                    "the London Book Fair",
                    "marbled endpapers from Florence",
                    "a speaker for the autumn lecture",
                ),
            ),
        ),
        "isabelle": DemoPerson(
            PersonDraft(
                "Isabelle Moreau",
                organisation="Moreau Logistique",
                title="Directrice",
                met_how="Client since the Lyon warehouse project.",
                tags=("sailing", "wine"),
                contact_points=(
                    phone("+33 6 12 34 56 78", "mobile"),
                    email("isabelle.moreau@moreau.example", "work"),
                ),
            ),
            met_day=-810,
            rhythm=Rhythm(
                16,
                25,
                800,
                mix(email=3, video=2),
                (
                    "the Lyon warehouse project",
                    "sailing off Brittany in August",
                    "a Burgundy she recommended",
                    "the contract renewal for next year",
                ),
                initiative=0.4,
            ),
        ),
        "wei": DemoPerson(
            PersonDraft(
                "Wei Chen",
                organisation="Chen Accounting",
                title="CPA",
                met_how="Our accountant; Dan's too.",
                cadence_days=90,
                contact_points=(email("wei@chenaccounting.example", "work"),),
                tags=("taxes",),
            ),
            met_day=-1000,
            rhythm=Rhythm(
                10,
                30,
                1000,
                mix(email=3, meeting=1),
                (
                    "quarterly estimated taxes",
                    "receipts for the home office",
                    "the new mileage rate",
                    "filing an extension",
                ),
            ),
        ),
        "anna": DemoPerson(
            PersonDraft(
                "Anna Schmidt",
                organisation="Meridian Systems",
                title="VP Engineering",
                met_how="My manager at Meridian, two jobs ago.",
                cadence_days=90,
                tags=("mentor",),
                contact_points=(email("anna.schmidt@meridian.example", "work"),),
            ),
            met_day=-2500,
            rhythm=Rhythm(
                8,
                260,
                1000,
                mix(email=2, video=1, meeting=1),
                (
                    "career advice over coffee",
                    "her move to the Berlin office",
                    "a reference she offered to write",
                ),
                initiative=0.85,
            ),
        ),
        "oliver": DemoPerson(
            PersonDraft(
                "Oliver Grant",
                met_how="College roommate, sophomore year.",
                tags=("chess",),
                contact_points=(email("ogrant@example.com"),),
            ),
            met_day=-6500,
            rhythm=Rhythm(
                3,
                950,
                1080,
                mix(call=1, message=1),
                ("his twins turning one", "a reunion that never happened"),
            ),
        ),
        "brian": DemoPerson(
            PersonDraft(
                "Brian Kowalski",
                organisation="Kowalski Properties",
                title="Landlord",
                notes="Landlord at the old flat on Gaston Ave.",
                contact_points=(phone("(972) 555-0111", "office"),),
            ),
            rhythm=Rhythm(
                3,
                1000,
                1090,
                mix(email=1, call=1),
                ("returning the deposit for the old flat", "the broken boiler"),
            ),
        ),
        "steve": DemoPerson(
            PersonDraft(
                "Steve Rudd",
                organisation="Rudd Plumbing & Heating",
                title="Plumber",
                contact_points=(phone("214-555-0155", "work"),),
            ),
            rhythm=Rhythm(
                2,
                980,
                1060,
                mix(call=1),
                ("the leaking kitchen tap", "a quote for the water heater"),
            ),
        ),
        "lena": DemoPerson(
            PersonDraft(
                "Lena Fischer",
                organisation="Fischer Boatworks",
                met_how="Met at Maya's farewell party; got her card.",
                notes="Restores old wooden boats.",
                tags=("sailing", "woodworking"),
                contact_points=(email("lena@fischerboatworks.example", "work"),),
            ),
            met_day=-425,
        ),
    },
    moments=(
        Moment(
            -100,
            "21:00",
            C.MEETING,
            D.BOTH,
            ("zoe", "kofi"),
            "Jazz night at the Blue Lantern — Zoë visiting from Stockholm, Kofi's quartet played",
        ),
        Moment(
            -210,
            "10:00",
            C.MEETING,
            D.BOTH,
            ("greg", "grace"),
            "Spring regatta at Lakeside — crewed with Greg; Grace ran the race committee",
        ),
        Moment(
            -300,
            "20:30",
            C.EMAIL,
            D.OUTBOUND,
            ("fatima",),
            "Read and marked up Fatima's grant application",
            K.FAVOUR_GIVEN,
        ),
        Moment(
            -420,
            "15:00",
            C.EMAIL,
            D.INBOUND,
            ("wei",),
            "Wei checked my tax return for free — caught a $1,200 mistake",
            K.FAVOUR_RECEIVED,
        ),
        Moment(
            -200,
            "09:20",
            C.EMAIL,
            D.INBOUND,
            ("isabelle",),
            "Isabelle referred a client in Marseille to us",
            K.FAVOUR_RECEIVED,
        ),
        Moment(
            -1000,
            "22:10",
            C.EMAIL,
            D.OUTBOUND,
            ("oliver",),
            "Wrote Oliver a reference for the Seattle job",
            K.FAVOUR_GIVEN,
        ),
    ),
)
