"""How an SMS is charged: GSM-7 (160, then 153 per segment) or UCS-2 (70, then 67)."""
from __future__ import annotations

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
# Characters of the extension table: each costs two septets.
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def is_gsm7(body: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in body)


def segments(body: str) -> tuple[str, int]:
    """("GSM-7" | "UCS-2", number of segments) for `body`."""
    if is_gsm7(body):
        septets = sum(2 if c in GSM7_EXTENDED else 1 for c in body)
        return "GSM-7", 1 if septets <= 160 else -(-septets // 153)
    # UCS-2 counts UTF-16 code units: an emoji takes two.
    units = len(body.encode("utf-16-le")) // 2
    return "UCS-2", 1 if units <= 70 else -(-units // 67)


def to_gsm7(body: str) -> str:
    """Spell `body` in GSM-7: "François’s café" -> "Francois's café".

    One character outside GSM-7 makes the whole SMS UCS-2 and can triple its
    cost, so outbound texts that quote what people wrote are transliterated.
    """
    import unicodedata
    if is_gsm7(body):
        return body
    out = []
    for char in body:
        if char in GSM7_BASIC or char in GSM7_EXTENDED:
            out.append(char)
            continue
        char = _SUBSTITUTES.get(char, char)
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        out.append("".join(c for c in base if c in GSM7_BASIC or c in GSM7_EXTENDED))
    return "".join(out)


_SUBSTITUTES = {"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "…": "...",
                "\u00a0": " ", "\u202f": " ", "–": "-", "—": "-", "œ": "oe", "Œ": "OE",
                "\t": " ",
                # Masked digits (dispatch.phones.mask) read "xx" in an SMS.
                "•": "x"}
