"""Small generated "SMS Backup & Restore" files (sms.xml, calls.xml); no private data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

_PROLOG = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    "<!--File Created By SMS Backup & Restore v10.18.003 on 31/12/2023 21:41:05-->\n"
    '<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n'
)


def millis(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def sms(when: datetime, address: str, kind: int, body: str = "hi", contact: str = "") -> str:
    return (
        f'  <sms protocol="0" address={quoteattr(address)} date="{millis(when)}" type="{kind}"'
        f' subject="null" body={quoteattr(body)} toa="null" sc_toa="null"'
        f' service_center="null" read="1" status="-1" locked="0"'
        f' date_sent="{millis(when)}" sub_id="1" readable_date="{when:%d %b %Y %H:%M:%S}"'
        f" contact_name={quoteattr(contact or '(Unknown)')} />"
    )


def mms(
    when: datetime, box: int, sender: str, to: Sequence[str], text: str = "photo", data: str = ""
) -> str:
    """A group MMS: ``sender`` (type 137) to ``to`` (151); ``data``: an inline picture."""
    addrs = [f'      <addr address={quoteattr(sender)} type="137" charset="106" />']
    addrs += [f'      <addr address={quoteattr(a)} type="151" charset="106" />' for a in to]
    everyone = "~".join([sender, *to])
    picture = f'      <part seq="0" ct="image/jpeg" name="a.jpg" data="{data}" />\n' if data else ""
    return (
        f'  <mms date="{millis(when)}" msg_box="{box}" address={quoteattr(everyone)}'
        f' m_type="{132 if box == 1 else 128}" read="1" contact_name="(Unknown)">\n'
        "    <parts>\n"
        f'      <part seq="0" ct="text/plain" name="null" text={quoteattr(text)} />\n'
        f"{picture}"
        "    </parts>\n"
        "    <addrs>\n" + "\n".join(addrs) + "\n    </addrs>\n  </mms>"
    )


def call(when: datetime, number: str, kind: int, duration: int, contact: str = "") -> str:
    return (
        f'  <call number={quoteattr(number)} duration="{duration}" date="{millis(when)}"'
        f' type="{kind}" presentation="1" subscription_id="1" post_dial_digits=""'
        f' readable_date="{when:%d %b %Y %H:%M:%S}"'
        f" contact_name={quoteattr(contact or '(Unknown)')} />"
    )


def smses(*elements: str) -> bytes:
    body = "\n".join(elements)
    return (
        f'{_PROLOG}<smses count="{len(elements)}" backup_set="x" backup_date="0" type="full">\n'
        f"{body}\n</smses>\n"
    ).encode()


def calls(*elements: str) -> bytes:
    body = "\n".join(elements)
    return (
        f'{_PROLOG}<calls count="{len(elements)}" backup_set="x" backup_date="0">\n'
        f"{body}\n</calls>\n"
    ).encode()


def billion_laughs() -> bytes:
    """The classic entity bomb: 10^9 "lol"s if a parser expands it."""
    entities = ['<!ENTITY lol "lol">']
    entities += [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    entities[1] = entities[1].replace("&lol0;", "&lol;")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE smses [\n"
        + "\n".join(entities)
        + '\n]>\n<smses count="1">\n'
        '  <sms address="+49 170 1234567" date="1704055265000" type="1" body="&lol9;" />\n'
        "</smses>\n"
    ).encode()


def write_large_sms(path: Path, at_least_bytes: int) -> int:
    """An sms.xml of at least ``at_least_bytes`` (MMS with 1 MB pictures among texts)."""
    picture = "QUJD" * (1 << 18)
    count = 0
    with path.open("wb") as out:
        out.write(smses().rsplit(b"</smses>", 1)[0])
        while out.tell() < at_least_bytes:
            when = datetime(2023, 1, 1, 9).replace(second=count % 60)
            texts = [sms(when, f"+4917012345{count % 100:02d}", 1 + count % 2) for _ in range(50)]
            picture_mms = mms(when, 1, "+491701234567", ["+441234567890"], data=picture)
            out.write(("\n".join([*texts, picture_mms]) + "\n").encode())
            count += 51
        out.write(b"</smses>\n")
    return count
