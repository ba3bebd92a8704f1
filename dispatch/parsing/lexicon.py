"""Word lists for finding a person's name (folded: lower case, no accents), from
phrases/names.txt.

FIRST_NAMES are common first names in France and in English-speaking countries; they make a
name certain where only its position suggests it (a capitalised word at the start of a
sentence, a word in an all-capitals SMS). NOT_NAMES are the capitalised words an SMS starts
sentences with, signs with, or names a business or a place with; none of them is taken for a
name. PARTICLES join a first name and a surname ("Da Silva"); NOT_SELF_BEFORE, right before a
capitalised word, make it someone or something else than the sender, BUSINESS_NOUNS end a
business name, THIRD_PERSON_BEFORE make a name someone else's even as a signature.
"""
from __future__ import annotations

from .phrasebook import read_words

_WORDS = read_words("names")
FIRST_NAMES = _WORDS["first names"]
NOT_NAMES = _WORDS["not names"]
PARTICLES = _WORDS["particles"]
NOT_SELF_BEFORE = _WORDS["not self before"]
BUSINESS_NOUNS = _WORDS["business nouns"]
THIRD_PERSON_BEFORE = _WORDS["third person before"]
