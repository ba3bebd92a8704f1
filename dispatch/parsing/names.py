"""The sender's name: as written (letter case kept), civility removed.

Candidates, strongest first:
- after an introduction ("c'est", "je suis", "je m'appelle", "moi c'est",
  "ici", "my name is", "I'm", "this is") or before "ici" / "here";
- after a civility (M., Mme, Dr...) that opens the message, a sentence or a
  signature;
- right after a greeting ("Bonjour, Paul Martin, ...");
and, when none of those is found, the first of:
- a name opening a sentence and followed by punctuation ("Sabrina, coiffeuse"),
  or a known first name opening the text ("Paul Martin rappel demain") or a
  clause ("..., Jessica. Struggling with debts");
- a signature: a name alone before a phone number, an e-mail or the end, or
  after "merci" / "cordialement" / "thanks".
A capitalised word right after a possessive, a role, a business noun or a
preposition ("mon comptable, M. Perrier", "boulangerie Durand", "à Beaune")
names someone or something else and is never taken.
"""
from __future__ import annotations

import re

from .lexicon import BUSINESS_NOUNS, FIRST_NAMES, NOT_NAMES, NOT_SELF_BEFORE, PARTICLES, THIRD_PERSON_BEFORE
from .normalize import Folded, fold_plain

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_CIVILITY = re.compile(  # a whole word: not the "MME" of "COMMERCIAL" nor the "DR" of "VENDREDI"
    r"(?<![^\W\d_])(?<!['\u2019])(?:M\.|M(?=\s+[A-Z])|Mr\.?|MR\.?|Mme\.?|MME\.?|Mlle\.?|MLLE\.?|Mrs\.?|Ms\.?|Miss|Monsieur|MONSIEUR|Madame|MADAME"
    r"|Mademoiselle|Dr\.?|DR\.?|Docteur|Doctor"
    r"|mme\.?|mlle\.?|mr\.?|m\.|monsieur|madame|mademoiselle|dr\.?|docteur)(?=[\s.]|(?<=\.)[A-Z])\s*"
)
# Introductions, matched on the folded text; the name starts where they end.
_STRONG_CUE = re.compile(
    r"\b(?:je\s+m'?\s?appel+e?|jm'?\s?appelle|je\s+me\s+nomme|mon\s+nom\s+(?:est|c'?\s?est)|moi\s+c'?\s?est"
    r"|my\s+name\s+is|my\s+name's|nom\s*:|name\s*:)\s*"
)
_CUE = re.compile(
    r"(?:^|(?<=[\s,.;:!?(]))(?:c'?\s?est\s+(?:encore\s+)?moi\s*,?|c'?\s?est|c|ici|i'?m|i\s+am|this\s+is|it'?s|je\s+suis|jsuis|chui|signe|de\s+la\s+part\s+de)\s+"
)
_AFTER_CUE = re.compile(r"\s*(?:ici|here|speaking)\b")
_GREETING = re.compile(
    r"(?:^|(?<=[\s,.;:!?(]))(?:bonjour|bonsoir|bjr|bsr|slt|salut|hello|hi|hey|coucou|allo|good\s+(?:morning|afternoon|evening))"
    r"(?:\s+(?:a\s+(?:vous|tous)|madame|monsieur|mesdames|messieurs))?[\s,.;:!-]*"
)
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[\s,.;:!?(]))(?:merci(?:\s+(?:beaucoup|d'avance|par\s+avance|bien))?|cordialement|bien\s+a\s+vous"
    r"|salutations|thanks|thank\s+you|regards|best|cheers|a\s+bientot|bonne\s+(?:journee|soiree))[\s,.;:!-]*"
)
_BAD_SUFFIX = re.compile(r"(?:e|ee|es|ees|ment|tion|sion|ique|able|ible|eux|euse)$")
_BAD_SUFFIX_SIGNATURE = re.compile(r"(?:ee|es|ees|ment|tion|sion|ique|able|ible|eux|euse|ence|ance|esse|ure|age|isme|ite)$")
_TERMINATOR = re.compile(r"\s*(?:$|[,.;:!?()\[\]/#\n\u2013\u2014-]|[^\w\s'])")
# First names that are also adjectives or nouns after "c'est" / "je suis" in lower case.
_ADJECTIVE_NAMES = frozenset("claire rose marine blanche france aimee desire grace constance prudence olive joy "
                             "victoire patience clement franck".split())
_STRONG_FOLLOW_STOP = re.compile(r"\s+(?:qui|who)\b")


class _Reader:
    """Reads a name at a position of the original text."""

    def __init__(self, text: str):
        self.text = text
        letters = [c for c in text if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        self.all_caps = len(letters) >= 8 and upper >= 0.8 * len(letters)
        self.no_caps = upper == 0

    def name_at(self, pos: int, strict_first: bool, lowercase_ok: bool = False, signature: bool = False,
                lower_first: bool = False):
        """(name, start, end) of the name starting at `pos`, or None."""
        civility = _CIVILITY.match(self.text, pos)
        after_civility = civility is not None
        if civility:
            pos = civility.end()
        tokens = []
        end = pos
        while len(tokens) < 4:
            match = _TOKEN.match(self.text, self._skip_spaces(end))
            if match is None:
                break
            word = match.group()
            key = fold_plain(word)
            if key in PARTICLES and (tokens or after_civility):
                nxt = _TOKEN.match(self.text, self._skip_spaces(match.end()))
                # "mme da silva": after a lower-case civility the surname may be lower case too
                lower_next = (lowercase_ok and bool(tokens)) or (
                    after_civility and not tokens and civility.group()[0].islower())
                if nxt and self._is_name(nxt.group(), bool(tokens) or after_civility, lower_next):
                    tokens.append(match)
                    end = match.end()
                    continue
                break
            first = not tokens
            after_known_first = len(tokens) == 1 and _is_first_name(fold_plain(tokens[0].group()))
            # After a civility a lower-case name is a name ("mme lefebvre ici"); a second lower-case
            # word only after a known first name ("mr jean dupont") or a particle ("mme da silva").
            lower_ok = lowercase_ok or (after_civility and (
                first or after_known_first or fold_plain(tokens[-1].group()) in PARTICLES))
            # A known first name in lower case after "c'est"/"c" ("c julien"); and, there or in an SMS
            # with no capital at all, the surname that ends the name ("je suis karim benali, j'ai ...").
            ends_here = (_TERMINATOR.match(self.text, match.end()) is not None
                         or _AFTER_CUE.match(fold_plain(self.text[match.end():match.end() + 12])) is not None)
            lower_ok = lower_ok or (lower_first and first) or (
                (self.no_caps or lower_first) and after_known_first and ends_here)
            if not self._is_name(word, not first or after_civility or not strict_first, lower_ok):
                break
            if first and strict_first and not after_civility and not self._likely_first(word, signature):
                break
            tokens.append(match)
            end = match.end()
        while len(tokens) > 1 and fold_plain(tokens[-1].group()) in PARTICLES:
            tokens.pop()
        if not tokens:
            return None
        start, stop = tokens[0].start(), tokens[-1].end()
        return " ".join(self.text[start:stop].split()), (civility.start() if civility else start), stop

    def _skip_spaces(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        return pos

    def _is_name(self, word: str, relaxed: bool, lowercase_ok: bool) -> bool:
        key = fold_plain(word)
        if len(key) < 2 or any(part in NOT_NAMES and part not in FIRST_NAMES for part in key.split("-")):
            return False
        if "'" in key and key.split("'")[0] not in ("o", "d"):
            return False
        if word[0].isupper():
            if word.isupper() and len(word) > 1:
                return relaxed or (self.all_caps and _is_first_name(key))
            return True
        return lowercase_ok or (self.no_caps and _is_first_name(key))

    def _likely_first(self, word: str, signature: bool = False) -> bool:
        key = fold_plain(word)
        if _is_first_name(key):
            return True
        # A signature may be a first name ending in -e that the list lacks ("Merci. Bertille").
        suffix = _BAD_SUFFIX_SIGNATURE if signature else _BAD_SUFFIX
        return not self.all_caps and not suffix.search(key)


def _is_first_name(key: str) -> bool:
    return key in FIRST_NAMES or key.split("-")[0] in FIRST_NAMES


def find_name(text: str, folded: Folded) -> str | None:
    """The sender's name in `text` (phones and e-mails already masked with '#')."""
    reader = _Reader(text)
    strong = _strong_candidates(text, folded, reader)
    if strong:
        return min(strong)[1]
    weak = _weak_candidates(text, folded, reader)
    return min(weak)[1] if weak else None


def _strong_candidates(text, folded, reader):
    found = []
    for match in _STRONG_CUE.finditer(folded.text):
        hit = reader.name_at(_to_orig(folded, match.end(), text), strict_first=False, lowercase_ok=True)
        if hit:
            found.append((hit[1], hit[0]))
    for match in _CUE.finditer(folded.text):
        pos = _to_orig(folded, match.end(), text)
        cue = match.group().strip()
        head = fold_plain(text[pos:pos + 30].split(" ")[0].strip(",.;:!?"))
        lower_first = (pos < len(text) and text[pos].islower() and _is_first_name(head)
                       and head not in _ADJECTIVE_NAMES)  # "c julien", "c'est sandrine"
        if cue == "c" and not (pos < len(text) and text[pos].isupper()) and not lower_first:
            continue  # "c" is a name cue before a capital or a known first name ("c pas grave")
        # In an all-capitals SMS "C'EST ABUSIF" or "I'M SCARED" is no name: a known first name is needed.
        hit = reader.name_at(pos, strict_first=reader.all_caps, lower_first=lower_first)
        if hit and not _STRONG_FOLLOW_STOP.match(text, hit[2]):
            found.append((hit[1], hit[0]))
    for match in _TOKEN.finditer(text):
        if match.group()[0].isupper():
            hit = reader.name_at(match.start(), strict_first=True)
            if hit and _AFTER_CUE.match(fold_plain(text[hit[2]:hit[2] + 12])) and not _not_self(text, hit[1]):
                found.append((hit[1], hit[0]))
    for match in _CIVILITY.finditer(text):
        hit = reader.name_at(match.start(), strict_first=False)
        if hit and (_opens(text, match.start()) or not _not_self(text, match.start())
                    or (_signature_end(text, hit[2]) and not _third_person(text, match.start()))):
            found.append((hit[1], hit[0]))
    for match in _GREETING.finditer(folded.text):
        hit = reader.name_at(_to_orig(folded, match.end(), text), strict_first=True)
        if hit:
            found.append((hit[1], hit[0]))
    return found


def _weak_candidates(text, folded, reader):
    found = []
    for start in _sentence_starts(text):
        hit = reader.name_at(start, strict_first=True)
        if hit is None:
            continue
        known = _is_first_name(fold_plain(hit[0].split()[0]))
        opening = not text[:hit[1]].strip(" \t\n\"'(")  # "Paul Martin rappel demain 14h"
        if (_TERMINATOR.match(text, hit[2]) and (" " in hit[0] or known)) or (opening and known):
            found.append((hit[1], hit[0]))
    for match in _CLAUSE_START.finditer(text):
        hit = reader.name_at(match.end(), strict_first=True)
        if (hit and _TERMINATOR.match(text, hit[2]) and _is_first_name(fold_plain(hit[0].split()[0]))
                and not _not_self(text, hit[1])):
            found.append((hit[1], hit[0]))
    for match in _SIGN_OFF.finditer(folded.text):
        hit = reader.name_at(_to_orig(folded, match.end(), text), strict_first=True, signature=True)
        if hit and _TERMINATOR.match(text, hit[2]):
            found.append((hit[1], hit[0]))
    for match in _TOKEN.finditer(text):
        if not match.group()[0].isupper() and not (reader.no_caps and _is_first_name(fold_plain(match.group()))):
            continue
        hit = reader.name_at(match.start(), strict_first=True, signature=True)
        if hit and _signature_end(text, hit[2]) and _segment_start(text, hit[1]) and (
                not _not_self(text, hit[1]) or _signed_after_business(text, hit)):
            found.append((hit[1], hit[0]))
    return found


def _to_orig(folded, pos: int, text: str) -> int:
    return folded.index[pos] if pos < len(folded.index) else len(text)


_NOT_A_STOP = r"(?<!\bM)(?<!\bMr)(?<!\bMR)(?<!\bDr)(?<!\bDR)(?<!\bMme)(?<!\bMlle)(?<!\bMrs)(?<!\bMs)(?<!\bSt)"
_SENTENCE_START = re.compile(_NOT_A_STOP + r"[.!?\n]+[\s\"'(]*")
_CLAUSE_START = re.compile(r"(?:[,;:(\u2013\u2014]|(?<!\w)-|-(?!\w))\s*")  # not the hyphen of "Pierre-Louis"
_CIVILITY_WORDS = frozenset("m mr mme mlle mrs ms miss dr monsieur madame mademoiselle docteur doctor".split())


def _sentence_starts(text: str):
    yield 0
    for match in _SENTENCE_START.finditer(text):
        yield match.end()


def _previous_word(text: str, pos: int) -> str:
    """The folded word before `pos`, skipping spaces, commas and a civility; '' at a sentence start."""
    i = pos - 1
    while i >= 0 and text[i] in " \t,":
        i -= 1
    if i >= 0 and text[i] == "." and re.search(r"\b(?:M|Mr|MR|Dr|DR|Mme|Mlle|Mrs|Ms)$", text[:i]):
        i -= 1
    if i < 0 or text[i] in ".!?\n;:(-#":
        return ""
    j = i
    while j >= 0 and (text[j].isalnum() or text[j] in "'\u2019"):
        j -= 1
    word = fold_plain(text[j + 1:i + 1])
    if word in _CIVILITY_WORDS:
        return _previous_word(text, j + 1)
    return word


def _signed_after_business(text: str, hit) -> bool:
    """"Le Petit Bistrot, Jean": a known first name signing after a comma that ends a business name."""
    before = text[:hit[1]].rstrip(" \t")
    return (before.endswith(",") and fold_plain(_previous_word(text, hit[1])) in BUSINESS_NOUNS
            and _is_first_name(fold_plain(hit[0].split()[0])))


def _third_person(text: str, pos: int) -> bool:
    """True after a possessive, a relative or a role: "mon père, M. Jacques Morel, 06 ..."."""
    word = _previous_word(text, pos)
    if _SELF_AS_RELATIVE.search(fold_plain(text[max(0, pos - 60):pos])):
        return False  # "je suis sa fille, Aurélie": the sender names herself through the relation
    return word.split("'")[-1] in THIRD_PERSON_BEFORE or word in THIRD_PERSON_BEFORE


_SELF_AS_RELATIVE = re.compile(
    r"\b(?:je\s+suis|j'\s?suis|moi\s+c'\s?est|i'?m|i\s+am)\s+(?:sa|son|leur|his|her|their)\s+"
    r"(?:fille|fils|femme|mari|epouse|epoux|soeur|frere|associee?|compagne|compagnon|conjointe?|daughter|son|wife"
    r"|husband|sister|brother|partner)\s*[,:-]?\s*$"
)


def _not_self(text: str, pos: int) -> bool:
    word = _previous_word(text, pos)
    if _SELF_AS_RELATIVE.search(fold_plain(text[max(0, pos - 60):pos])):
        return False
    return word.split("'")[-1] in NOT_SELF_BEFORE or word in NOT_SELF_BEFORE


def _opens(text: str, pos: int) -> bool:
    """True when a civility at `pos` opens the text, a sentence, or follows a greeting or an introduction."""
    word = _previous_word(text, pos)
    if word == "":
        return True
    if word in ("le", "la"):  # "je suis le Dr Martin"
        article = re.search(r"(?i)\b(?:le|la)[\s,]*$", text[:pos])
        if article:
            word = _previous_word(text, article.start())
    return bool(re.fullmatch(
        r"bonjour|bonsoir|bjr|bsr|slt|salut|hello|hi|hey|coucou|merci|cordialement|est|c|suis|ici|signe|is|am|im",
        word.split("'")[-1],
    ))


def _signature_end(text: str, pos: int) -> bool:
    """True when only punctuation, a phone, an e-mail or a bracket follows `pos`
    before the end of the text or a phone/e-mail."""
    rest = text[pos:]
    rest = re.sub(r"\([^)]*\)?", " ", rest)
    stripped = rest.lstrip(" \t,.:;-!\u2013\u2014")
    if not stripped.strip(" \t\n.!?:;,-"):
        return True
    return stripped.startswith("#") or _only_symbols(stripped)


def _only_symbols(rest: str) -> bool:
    return not any(c.isalnum() for c in rest)


def _segment_start(text: str, pos: int) -> bool:
    """True when `pos` starts the text, a sentence or a clause, or follows a sign-off."""
    word = _previous_word(text, pos)
    if word == "":
        return True
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i >= 0 and text[i] in ",#)":
        return True
    return word in ("merci", "cordialement", "thanks", "regards", "cheers", "best", "svp", "stp", "please", "pls")
