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
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import (
    BUSINESS_NOUNS,
    FIRST_NAMES,
    NOT_NAMES,
    NOT_SELF_BEFORE,
    PARTICLES,
    THIRD_PERSON_BEFORE,
)
from .normalize import Folded, fold_plain
from .phrasebook import read_lines

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
CIVILITIES = read_lines("civilities")
_CIVILITY_FORMS = sorted((re.escape(c) if c.endswith(".") else re.escape(c) + r"\.?"
                          for c in CIVILITIES), key=len, reverse=True)
# A whole word ("COMMERCIAL" holds no "MME", "VENDREDI" no "DR", "I'M" no "M"); "M" without a
# dot only before a capital.
_CIVILITY = re.compile(
    r"(?<![^\W\d_])(?<!['\u2019])(?<![^\W\d_][.-])(?:" + "|".join(_CIVILITY_FORMS) + r"|M(?=\s+[A-Z]))"
    r"(?=[\s.]|(?<=\.)[A-Z])\s*"
)
# Short titles a dot may follow without ending a sentence ("M. Durand", "Dr. Roy"), and "St".
_ABBREVIATIONS = sorted({c.rstrip(".") for c in CIVILITIES if c[0].isupper() and len(c) <= 5}
                        | {"St"}, key=lambda a: (len(a), a))
# Introductions, matched on the folded text; the name starts where they end.
_STRONG_CUE = re.compile(
    r"\b(?:je\s+m'?\s?appel+e?|jm'?\s?appelle|je\s+me\s+nomme|mon\s+nom\s+(?:est|c'?\s?est)"
    r"|moi\s+c'?\s?est|my\s+name\s+is|my\s+name's|(?:^|(?<=[.!?]\s)|(?<=\bthe\s))name'\s?s"
    r"|nom\s*:|name\s*:)\s*"
)
_CUE = re.compile(  # the cue words begin with c, d, i, j, s or t: the others are skipped at once
    r"(?=[cdijst])(?:^|(?<=[\s,.;:!?(]))"
    r"(?:(?:c'?\s?est|c|ce)\s+(?:encore\s+)?moi\s*,?|c'?\s?est|c|ce|ici|i'?m|i\s+am"
    r"|this\s+is|it'?s|je\s+suis|j'?\s?suis|jsui|jss|chuis|chui|signe|de\s+la\s+part\s+de)\s+"
)
_AFTER_CUE = re.compile(r"\s*(?:ici|here|speaking)\b")
_HERE = re.compile(r"\b(?:ici|here|speaking)\b")
_GREETING = re.compile(
    r"(?:^|(?<=[\s,.;:!?(]))(?:bonjour|bonsoir|bjr|bsr|slt|salut|hello|hiya|heya|hi|hey|coucou|allo"
    r"|good\s+(?:morning|afternoon|evening))(?:\s+(?:a\s+(?:vous|tous)|madame|monsieur|mesdames"
    r"|messieurs))?[\s,.;:!-]*"
)
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[\s,.;:!?(]))(?:merci(?:\s+(?:beaucoup|d'avance|par\s+avance|bien))?|cordialement"
    r"|bien\s+a\s+vous|salutations|thanks|thank\s+you|regards|best|cheers|a\s+bientot"
    r"|bonne\s+(?:journee|soiree))[\s,.;:!-]*"
)
_BAD_SUFFIX = re.compile(r"(?:e|ee|es|ees|ment|tion|sion|ique|able|ible|eux|euse)$")
_BAD_SUFFIX_SIGNATURE = re.compile(
    r"(?:ee|es|ees|ment|tion|sion|ique|able|ible|eux|euse|ence|ance|esse|ure|age|isme|ite)$"
)
_TERMINATOR = re.compile(r"\s*(?:$|[,.;:!?()\[\]/#\n\u2013\u2014-]|[^\w\s'])")
# First names that are also adjectives or nouns after "c'est" / "je suis" in lower case.
_ADJECTIVE_NAMES = frozenset("claire rose marine blanche france aimee desire grace constance "
                             "prudence olive joy victoire patience clement franck".split())
_STRONG_FOLLOW_STOP = re.compile(r"\s+(?:qui|who)\b")
# "Merci de rappeler Jean au 06…", "please call Tom on …": the one to call back, when a known first
# name is followed by the number.
_CALL_NAME = re.compile(r"\b(?:rappeler|rappelez|recontacter|call|ring)\s+")
_NUMBER_AFTER = re.compile(r"\s*(?:,\s*)?(?:(?:au|sur|on|at)\s+)?[#+(]")


# Initials opening a name: "JP", "J.P.", "J.-P.", "J-P", "J." (a lone letter needs its dot).
_INITIALS = re.compile(r"[A-Z](?:\.?\s?-?\s?[A-Z])?\.(?=\s)|[A-Z]-?[A-Z](?=\s)")
_NOT_INITIALS = frozenset("sa ca rh ce ag ok tv pc pv sv bp nb ps".split())
NameHit = tuple[str, int, int]  # the name as written, where it starts (its civility), ends


@dataclass(frozen=True)
class _Rules:
    """What a name read at some place may be (see _Reader.name_at)."""

    strict_first: bool
    lowercase_ok: bool
    signature: bool
    lower_first: bool
    civility: str  # the civility before the name, as written, or ""


class _Reader:
    """Reads a name at a position of the original text."""

    def __init__(self, text: str):
        self.text = text
        letters, upper = sum(map(str.isalpha, text)), sum(map(str.isupper, text))
        self.all_caps = letters >= 8 and upper >= 0.8 * letters
        self.no_caps = upper == 0

    def name_at(self, pos: int, strict_first: bool, lowercase_ok: bool = False,
                signature: bool = False, lower_first: bool = False) -> NameHit | None:
        """(name, start, end) of the name starting at `pos` (after a civility, if one is
        there), or None. `strict_first`: the first word must look like a first name;
        `lowercase_ok`: lower-case words are names ("je m'appelle julie"); `signature`: a
        signature may be an unknown first name ending in -e; `lower_first`: a known first name
        in lower case opens the name ("c julien")."""
        civility = _CIVILITY.match(self.text, pos)
        rules = _Rules(strict_first, lowercase_ok, signature, lower_first,
                       civility.group() if civility else "")
        words = self._words(civility.end() if civility else pos, rules)
        while len(words) > 1 and fold_plain(words[-1].group()) in PARTICLES:
            words.pop()
        if not words:
            return None
        start, stop = words[0].start(), words[-1].end()
        name = " ".join(self.text[start:stop].split())
        return name, civility.start() if civility else start, stop

    def _words(self, pos: int, rules: _Rules) -> list[re.Match[str]]:
        """The words of the name from `pos`, four at most; initials may open it ("JP Roux",
        "J.-P. Roux", "A. Martin") when a capitalised surname follows them."""
        words: list[re.Match[str]] = []
        end = pos
        initials = _INITIALS.match(self.text, self._skip_spaces(pos))
        if initials and ("." in initials.group() or fold_plain(initials.group()).replace("-", "")
                                                  not in NOT_NAMES | _NOT_INITIALS):
            surname = _TOKEN.match(self.text, self._skip_spaces(initials.end()))
            if surname and self._is_name(surname.group(), True, False) and not (
                    surname.group().isupper() and not self.all_caps):
                words.append(initials)
                end = initials.end()
        while len(words) < 4:
            match = _TOKEN.match(self.text, self._skip_spaces(end))
            if match is None:
                break
            if fold_plain(match.group()) in PARTICLES and (words or rules.civility):
                if not self._particle_goes_on(match, words, rules):
                    break
            elif not self._name_word(match, words, rules):
                break
            words.append(match)
            end = match.end()
        return words

    def _particle_goes_on(self, match: re.Match[str], words: list[re.Match[str]],
                          rules: _Rules) -> bool:
        """A particle ("de", "da") belongs to the name when a name follows it."""
        nxt = _TOKEN.match(self.text, self._skip_spaces(match.end()))
        while nxt is not None and fold_plain(nxt.group()) in PARTICLES and nxt.group().islower():
            nxt = _TOKEN.match(self.text, self._skip_spaces(nxt.end()))  # "de la Tour", "van der"
        # "mme da silva": after a lower-case civility the surname may be lower case too
        lower_next = (rules.lowercase_ok and bool(words)) or (
            bool(rules.civility) and not words and rules.civility[0].islower())
        relaxed = bool(words) or bool(rules.civility)
        return nxt is not None and self._is_name(nxt.group(), relaxed, lower_next)

    def _name_word(self, match: re.Match[str], words: list[re.Match[str]], rules: _Rules) -> bool:
        word, first = match.group(), not words
        after_civility = bool(rules.civility)
        after_known_first = len(words) == 1 and _is_first_name(fold_plain(words[0].group()))
        # After a civility a lower-case name is a name ("mme lefebvre ici"); a second lower-case
        # word only after a known first name ("mr jean dupont") or a particle ("mme da silva").
        lower_ok = rules.lowercase_ok or (after_civility and (
            first or after_known_first or fold_plain(words[-1].group()) in PARTICLES))
        # A known first name in lower case after "c'est"/"c" ("c julien"); and, there or in an
        # SMS with no capital at all, the surname that ends the name ("je suis karim benali").
        lower_ok = lower_ok or (rules.lower_first and first) or (
            (self.no_caps or rules.lower_first) and after_known_first and self._ends(match.end()))
        if not self._is_name(word, not first or after_civility or not rules.strict_first, lower_ok):
            return False
        return not (first and rules.strict_first and not after_civility
                    and not self._likely_first(word, rules.signature))

    def _ends(self, pos: int) -> bool:
        """True when the name ends at `pos`: punctuation, or "ici" ("karim benali ici")."""
        return (_TERMINATOR.match(self.text, pos) is not None
                or _AFTER_CUE.match(fold_plain(self.text[pos:pos + 12])) is not None)

    def _skip_spaces(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        return pos

    def _is_name(self, word: str, relaxed: bool, lowercase_ok: bool) -> bool:
        key = fold_plain(word)
        if len(key) < 2 or any(part in NOT_NAMES and part not in FIRST_NAMES
                               for part in key.split("-")):
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


Candidate = tuple[int, str]  # where the name (or its civility) starts, the name


def _strong_candidates(text: str, folded: Folded, reader: _Reader) -> list[Candidate]:
    """Names after an introduction, before "ici", after a civility or a greeting."""
    return [*_introduced(text, folded, reader), *_before_here(text, folded, reader),
            *_after_civility(text, reader), *_after_greeting(text, folded, reader)]


def _introduced(text: str, folded: Folded, reader: _Reader) -> Iterator[Candidate]:
    """"je m'appelle Julie", "c'est Paul Martin", "I'm Ann"."""
    for match in _STRONG_CUE.finditer(folded.text):
        hit = reader.name_at(_to_orig(folded, match.end(), text), strict_first=False,
                             lowercase_ok=True)
        if hit:
            yield hit[1], hit[0]
    for match in _CUE.finditer(folded.text):
        pos = _to_orig(folded, match.end(), text)
        head = fold_plain(text[pos:pos + 30].split(" ")[0].strip(",.;:!?"))
        lower_first = (pos < len(text) and text[pos].islower() and _is_first_name(head)
                       and head not in _ADJECTIVE_NAMES)  # "c julien", "c'est sandrine"
        cue = match.group().strip()
        if cue == "ce" and text[_to_orig(folded, match.start(), text) + 1:][:1] not in ("é", "É"):
            continue  # "cé Jess" is "c'est", "ce" is not ("ce Mardi")
        if cue in ("c", "ce") and not (pos < len(text) and text[pos].isupper()
                                                 or lower_first):
            continue  # "c" is a name cue before a capital or a known first name ("c pas grave")
        # In an all-capitals SMS "C'EST ABUSIF" or "I'M SCARED" is no name: a known first name
        # is needed.
        hit = reader.name_at(pos, strict_first=reader.all_caps, lower_first=lower_first)
        if hit and not _STRONG_FOLLOW_STOP.match(text, hit[2]):
            yield hit[1], hit[0]
    for match in _RELATION_CUE.finditer(folded.text):  # "je suis sa soeur Martine"
        hit = reader.name_at(_to_orig(folded, match.end(), text), strict_first=True)
        if hit:
            yield hit[1], hit[0]
    for match in _CALL_NAME.finditer(folded.text):
        pos = _to_orig(folded, match.end(), text)
        if not _is_first_name(fold_plain(text[pos:pos + 30].split(" ")[0].strip(",.;:!?"))):
            continue
        hit = reader.name_at(pos, strict_first=True)
        if hit and _NUMBER_AFTER.match(text, hit[2]):
            yield hit[1], hit[0]


def _before_here(text: str, folded: Folded, reader: _Reader) -> Iterator[Candidate]:
    """"Paul Martin ici"."""
    if not _HERE.search(folded.text):
        return
    for match in _TOKEN.finditer(text):
        if match.group()[0].isupper():
            hit = reader.name_at(match.start(), strict_first=True)
            if (hit and _AFTER_CUE.match(fold_plain(text[hit[2]:hit[2] + 12]))
                    and not _not_self(text, hit[1])):
                yield hit[1], hit[0]


def _after_civility(text: str, reader: _Reader) -> Iterator[Candidate]:
    """"Mme Durand" opening a sentence or signing, not "mon comptable, M. Perrier"."""
    for match in _CIVILITY.finditer(text):
        hit = reader.name_at(match.start(), strict_first=False)
        if hit and (_opens(text, match.start()) or not _not_self(text, match.start())
                    or (_signature_end(text, hit[2]) and not _third_person(text, match.start()))):
            yield hit[1], hit[0]


def _after_greeting(text: str, folded: Folded, reader: _Reader) -> Iterator[Candidate]:
    """"Bonjour, Paul Martin, ..."."""
    for match in _GREETING.finditer(folded.text):
        hit = reader.name_at(_to_orig(folded, match.end(), text), strict_first=True)
        if hit:
            yield hit[1], hit[0]


def _weak_candidates(text: str, folded: Folded, reader: _Reader) -> list[Candidate]:
    """Names by their place only: opening a sentence or a clause, or signing the SMS."""
    return [*_opening_sentences(text, reader), *_opening_clauses(text, reader),
            *_after_sign_off(text, folded, reader), *_signatures(text, reader)]


def _opening_sentences(text: str, reader: _Reader) -> Iterator[Candidate]:
    """"Sabrina, coiffeuse", "Paul Martin rappel demain 14h"."""
    for start in _sentence_starts(text):
        hit = reader.name_at(start, strict_first=True)
        if hit is None:
            continue
        known = _is_first_name(fold_plain(hit[0].split()[0]))
        opening = not text[:hit[1]].strip(" \t\n\"'(")  # "Paul Martin rappel demain 14h"
        if (_TERMINATOR.match(text, hit[2]) and (" " in hit[0] or known)) or (opening and known):
            yield hit[1], hit[0]


def _opening_clauses(text: str, reader: _Reader) -> Iterator[Candidate]:
    """"..., Jessica. Struggling with debts": a known first name opening a clause."""
    for match in _CLAUSE_START.finditer(text):
        hit = reader.name_at(match.end(), strict_first=True)
        if (hit and _TERMINATOR.match(text, hit[2])
                and _is_first_name(fold_plain(hit[0].split()[0]))
                and not _not_self(text, hit[1])):
            yield hit[1], hit[0]


def _after_sign_off(text: str, folded: Folded, reader: _Reader) -> Iterator[Candidate]:
    """"Merci. Bertille"."""
    for match in _SIGN_OFF.finditer(folded.text):
        hit = reader.name_at(_to_orig(folded, match.end(), text), strict_first=True,
                             signature=True)
        if hit and _TERMINATOR.match(text, hit[2]):
            yield hit[1], hit[0]


def _signatures(text: str, reader: _Reader) -> Iterator[Candidate]:
    """A name alone before a phone number, an e-mail or the end of the SMS."""
    for match in _TOKEN.finditer(text):
        word = match.group()
        if not word[0].isupper() and not (reader.no_caps and _is_first_name(fold_plain(word))):
            continue
        if not _segment_start(text, match.start()):  # where the name would start
            continue
        hit = reader.name_at(match.start(), strict_first=True, signature=True)
        if hit and _signature_end(text, hit[2]) and (
                not _not_self(text, hit[1]) or _signed_after_business(text, hit)):
            yield hit[1], hit[0]


def _to_orig(folded, pos: int, text: str) -> int:
    return folded.index[pos] if pos < len(folded.index) else len(text)


_NOT_A_STOP = "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS)
_SENTENCE_START = re.compile(r"(?=[.!?\n])" + _NOT_A_STOP + r"[.!?\n]+[\s\"'(]*")
# Not the hyphen of "Pierre-Louis".
_CLAUSE_START = re.compile(r"(?:[,;:(\u2013\u2014]|(?<!\w)-|-(?!\w))\s*")
_ABBREVIATION_BEFORE = re.compile(r"\b(?:" + "|".join(_ABBREVIATIONS) + r")$")
_CIVILITY_WORDS = frozenset(fold_plain(c.rstrip(".")) for c in CIVILITIES)


def _sentence_starts(text: str):
    yield 0
    for match in _SENTENCE_START.finditer(text):
        yield match.end()


def _previous_word(text: str, pos: int) -> str:
    """The folded word before `pos`, skipping spaces, commas and a civility; '' at a sentence
    start."""
    i = pos - 1
    while i >= 0 and text[i] in " \t,":
        i -= 1
    if i >= 0 and text[i] == "." and _ABBREVIATION_BEFORE.search(text, 0, i):
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
    """"Le Petit Bistrot, Jean": a known first name signing after a comma that ends a business
    name."""
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
    r"\b(?:je\s+suis|j'\s?suis|moi\s+c'\s?est|i'?m|i\s+am)\s+(?:sa|son|leur|his|her"
    r"|their)\s+(?:fille|fils|femme|mari|epouse|epoux|soeur|frere|associee?|compagne|compagnon"
    r"|conjointe?|pere|mere|neveu|niece|oncle|tante|cousine?|gendre|belle-fille|petite?-fil(?:le|s)"
    r"|beau-frere|belle-soeur|voisine?|amie?|collegue|daughter|son|wife|husband|sister|brother"
    r"|partner|father|mother|dad|mum|mom|nephew|niece|uncle|aunt|cousin|grandson|granddaughter"
    r"|neighbou?r|friend|colleague)\s*[,:-]?\s*$"
)


_RELATION_CUE = re.compile(_SELF_AS_RELATIVE.pattern.removesuffix("$"))


def _not_self(text: str, pos: int) -> bool:
    word = _previous_word(text, pos)
    if _SELF_AS_RELATIVE.search(fold_plain(text[max(0, pos - 60):pos])):
        return False
    if word.startswith("m'"):
        return False  # "vous pouvez m'appeler, Aurélie, au 06 ...": the one to call is the sender
    return word.split("'")[-1] in NOT_SELF_BEFORE or word in NOT_SELF_BEFORE


def _opens(text: str, pos: int) -> bool:
    """True when a civility at `pos` opens the text, a sentence, or follows a greeting or an
    introduction."""
    word = _previous_word(text, pos)
    if word == "":
        return True
    if word in ("le", "la"):  # "je suis le Dr Martin"
        article = re.search(r"(?i)\b(?:le|la)[\s,]*$", text[:pos])
        if article:
            word = _previous_word(text, article.start())
    return bool(re.fullmatch(
        r"bonjour|bonsoir|bjr|bsr|slt|salut|hello|hi|hey|coucou|merci|cordialement|est|c|suis|ici"
        r"|signe|is|am|im",
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


_SIGN_OFF_WORDS = frozenset(
    "merci cordialement thanks regards cheers best svp stp please pls".split())


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
    return word in _SIGN_OFF_WORDS
