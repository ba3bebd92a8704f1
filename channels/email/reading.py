"""An e-mail as the domain reads it: raw RFC 5322 bytes made into an InboundMail.

Pure: no clock, no network. Headers and parts come from the standard
library's `email` package (policy.default, which decodes encoded words and
any declared charset); a part whose charset is unknown or lies is decoded
with replacement characters rather than refused, so no mail is ever lost for
its encoding. The HTML part, when there is no text part, is made text with
the standard library's html.parser: the SMS parser wants plain words and line
breaks, not the Markdown that html2text would add (links in brackets,
asterisks), and nothing else justifies a dependency.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email import message_from_bytes, policy
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from dispatch.mail_inbound import InboundMail

MAX_BODY = 4000
SID_PREFIX = "mail-"
ID_RE = re.compile(r"<[^<>\s]+>")


def sid_for(raw: bytes, mail_id: str | None) -> str:
    """A short stable key for a mail: seen twice, it is handled once.

    The Message-ID when there is one (a mail copied to two folders keeps
    it), else the bytes themselves."""
    seed = mail_id.encode("utf-8", "replace") if mail_id else raw
    return SID_PREFIX + hashlib.sha256(seed).hexdigest()[:40]


def read_mail(raw: bytes, *, ours: tuple[str, ...] = ()) -> InboundMail:
    """The mail in `raw`; `ours` are the hotline's own addresses (a mail from
    them is a loop, treated as automatic). Never raises on a mail's content."""
    msg = message_from_bytes(raw, policy=policy.default)
    name, sender = _sender(msg)
    mail_id = _first_id(_header(msg, "Message-ID"))
    references = tuple(ID_RE.findall(_header(msg, "References")))
    in_reply_to = _first_id(_header(msg, "In-Reply-To"))
    if in_reply_to and in_reply_to not in references:
        references = (*references, in_reply_to)
    automatic = why_automatic(msg, sender, ours)
    text = body_text(msg)
    return InboundMail(
        sid=sid_for(raw, mail_id), sender=sender, name=name or None,
        to=_address(_header(msg, "To")), subject=_header(msg, "Subject")[:300],
        body=clean_reply(text)[:MAX_BODY], mail_id=mail_id, references=references,
        automatic=automatic, bounced=_bounced(msg) if automatic else (),
        sent_at=_date(msg))


def _header(msg: Message, name: str) -> str:
    """A header as text; '' when absent or too broken to decode."""
    try:
        value = msg.get(name)
    except Exception:  # a header too malformed for the policy: its raw text will do
        value = next((v for k, v in msg.raw_items() if k.lower() == name.lower()), "")
    return " ".join(str(value or "").split())


def _first_id(value: str) -> str | None:
    found = ID_RE.search(value)
    return found.group(0) if found else None


def _address(value: str) -> str:
    pairs = getaddresses([value])
    return pairs[0][1].strip().lower() if pairs else ""


def _sender(msg: Message) -> tuple[str, str]:
    """Display name and lower-cased address of From (Reply-To is not
    trusted: an auto-responder and a forged mail can both set it)."""
    pairs = getaddresses([_header(msg, "From")])
    if not pairs:
        return "", ""
    name, address = pairs[0]
    return name.strip(), address.strip().lower()


def _date(msg: Message) -> datetime | None:
    try:
        moment = parsedate_to_datetime(_header(msg, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else None


# --- automatic mail ----------------------------------------------------------
BULK = ("bulk", "list", "junk")
DAEMONS = ("mailer-daemon", "postmaster", "noreply-dmarc-support", "mail-daemon")


def why_automatic(msg: Message, sender: str, ours: tuple[str, ...] = ()) -> str | None:
    """Why no person wrote this mail (it is never answered nor opens a
    request), or None. RFC 3834's Auto-Submitted, Precedence, list headers,
    the null return path and delivery reports of RFC 3464, and the headers
    Exchange and common vacation programs set."""
    auto = _header(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"auto-submitted: {auto}"
    if _header(msg, "Precedence").lower() in BULK:
        return f"precedence: {_header(msg, 'Precedence').lower()}"
    if _header(msg, "List-Id") or _header(msg, "List-Unsubscribe"):
        return "mailing list"
    if msg.get_content_type() == "multipart/report" or \
            any(p.get_content_type() == "message/delivery-status" for p in msg.walk()):
        return "delivery report"
    if _header(msg, "Return-Path").replace(" ", "") == "<>":
        return "null return path"
    local = sender.split("@", 1)[0]
    if local in DAEMONS:
        return f"from {local}"
    # Vacation programs that predate RFC 3834. (Outlook's X-Auto-Response-Suppress
    # is on people's own mail too: it says nothing about who wrote.)
    for name in ("X-Autoreply", "X-Autorespond"):
        if _header(msg, name):
            return name.lower()
    if sender and sender in {o.lower() for o in ours}:
        return "from the hotline itself"
    return None


def _bounced(msg: Message) -> tuple[str, ...]:
    """The Message-IDs of ours a delivery report speaks of (in its returned
    headers), and the recipients it says failed."""
    found: list[str] = []
    for part in msg.walk():
        kind = part.get_content_type()
        if kind in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            found += re.findall(r"^Message-ID:\s*(<[^<>\s]+>)", _payload_text(part), re.I | re.M)
        elif kind == "message/delivery-status":
            text = _payload_text(part)
            if re.search(r"^Action:\s*failed", text, re.I | re.M):
                found += [a.lower() for a in re.findall(
                    r"^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s>]+)>?", text,
                    re.I | re.M)]
    return tuple(dict.fromkeys(found))


def _payload_text(part: Message) -> str:
    """A part's text whatever it is (a nested message is flattened)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return "\n".join(p.as_string() if isinstance(p, Message) else str(p) for p in payload)
    if isinstance(payload, Message):
        return payload.as_string()
    raw = part.get_payload(decode=True)
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "replace")
    return str(payload or "")


# --- the body ----------------------------------------------------------------
def body_text(msg: Message) -> str:
    """The text/plain part (not an attachment), else the HTML part made text."""
    plain = html = None
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = _decoded(part)
        elif kind == "text/html" and html is None:
            html = _decoded(part)
        if part is not msg and kind.startswith("message/"):
            break  # a forwarded or bounced mail's own parts are not the person's words
    if plain is not None and plain.strip():
        return _lines(plain)
    return _lines(html_to_text(html)) if html else ""


def _decoded(part: Message) -> str:
    """A text part in any charset; unknown or lying charsets are replaced, not refused."""
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return str(part.get_payload() or "")
    charset = (part.get_content_charset() or "utf-8").lower()
    if charset in ("iso-8859-1", "latin-1", "latin1"):
        charset = "windows-1252"  # what such mail really is: its quotes and € included
    elif charset in ("us-ascii", "ascii"):  # 8-bit text under a 7-bit label: UTF-8 mostly
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            charset = "windows-1252"
    try:
        return raw.decode(charset, "replace")
    except LookupError:
        return raw.decode("utf-8", "replace")


def _lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


class _Text(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
             "table", "section", "article", "header", "footer", "ul", "ol", "hr", "pre"}
    SKIP = {"style", "script", "head", "title", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.quoted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "blockquote":
            self.quoted += 1  # the quoted mail: not the person's words
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag == "blockquote" and self.quoted:
            self.quoted -= 1
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping and not self.quoted:
            self.out.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML body, one line per block; <style>, <script>
    and quoted <blockquote>s dropped."""
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser's rare refusals: keep what was read
        pass
    text = "".join(parser.out)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- quoted replies and signatures --------------------------------------------
# Where the quoted mail begins: everything from there on is dropped.
QUOTE_STARTS = [
    re.compile(r"^\s*(le|on)\s.{0,200}?(a écrit|a ecrit|wrote)\s*:?\s*$", re.I),
    re.compile(r"^\s*-{2,}\s*(original message|message d'origine|message original|"
               r"forwarded message|message transféré)\s*-{2,}\s*$", re.I),
    re.compile(r"^\s*(de|from)\s*:\s*.+$", re.I),   # Outlook's header block (checked below)
    re.compile(r"^_{10,}\s*$"),                       # Outlook's rule above that block
]
# The signature delimiter of RFC 3676, and what phones add on their own.
SIGNATURE_STARTS = [
    re.compile(r"^-- ?$"),
    re.compile(r"^\s*(envoyé|envoye|sent) (de|depuis|from) (mon|my) .{0,40}$", re.I),
    re.compile(r"^\s*(téléchargez|get) (outlook|l'application)", re.I),
]
OUTLOOK_NEXT = re.compile(r"^\s*(envoyé|envoye|sent|date|à|a|to|objet|subject)\s*:", re.I)


def clean_reply(text: str) -> str:
    """The person's own words: quoted lines ("> "), the quoted mail after
    "Le … a écrit :" / "On … wrote:" / Outlook's "De : … Envoyé : …" block /
    "-----Original Message-----", and signatures dropped."""
    lines = text.split("\n")
    kept: list[str] = []
    for number, line in enumerate(lines):
        if line.lstrip().startswith(">"):
            continue
        if _quote_starts(lines, number) or any(p.match(line) for p in SIGNATURE_STARTS):
            break
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _quote_starts(lines: list[str], number: int) -> bool:
    line = lines[number]
    for pattern in QUOTE_STARTS[:2]:
        if pattern.match(line):
            return True
    # "Le 3 déc. 2026 à 10:15, Paul <paul@x.fr> a" / "écrit :" split over two lines.
    if re.match(r"^\s*(le|on)\s", line, re.I) and number + 1 < len(lines) and \
            re.match(r"^\s*.{0,80}(a écrit|a ecrit|wrote)\s*:\s*$", lines[number + 1], re.I) \
            and len(line) < 200:
        return True
    if QUOTE_STARTS[2].match(line) or QUOTE_STARTS[3].match(line):
        following = [x for x in lines[number + 1:number + 5] if x.strip()]
        return any(OUTLOOK_NEXT.match(x) for x in following[:3])
    return False
