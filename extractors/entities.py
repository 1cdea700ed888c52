"""PERSON and ORG mentions, each under one canonical entity.

The policy (which name is canonical, what an alias may be) is written down in
``docs/entities.md``; this module implements it in three layers:

1. **Entity rules** (:func:`configure_pipeline`): an EntityRuler before ``ner`` tags
   every alias of the alias table that is not also an ordinary word, so the
   statistical model can no longer call "HMIC" a person, "Metropolitan" a
   nationality in "the Metropolitan police" or split "Inspectorate of Constabulary
   and Fire and Rescue Services" at "and".
2. **Surface repair**: determiners, possessive "'s", trailing punctuation and titles
   are moved out of the name ("Sir Bernard Hogan-Howe" -> "Bernard Hogan-Howe",
   role "Sir"; a peer keeps the title: "Lord Kerslake"); spans that name no one
   ("Today", "Operation X") are dropped; an ORG that is plainly a person ("Amber
   Rudd") becomes PERSON; an alias that is also a word ("Labour", "Fed") counts
   only in context.
3. **Resolution within the article**: a surname or first name maps to the full name
   met in the article ("Parr" -> "Matt Parr"); an acronym defined in the text
   ("... Constabulary (HMIC)"), the initials or a clipped first word of an
   organisation the article names ("MPS", "the Met") and "the" with its head noun
   ("the inspectorate") become its aliases; a job title before the name or an
   apposition after it ("Matt Parr, lead inspector for HMIC") fills ``role``.

Alias table format (``extractors/data/aliases.csv``, and any user file passed to
:func:`load_alias_table`): a CSV with header ``canonical,label,alias[,common_word]``;
one row per surface form, ``label`` is ORG or PERSON, ``common_word`` is 1 for an
alias that is also an English word. Matching ignores case, a leading "the", a
trailing possessive, the kind of apostrophe, "&" for "and" and "Her/His Majesty's"
for "HM", but a surface written all in lowercase never matches. An alias written
entirely in lowercase and starting with "the " is a *descriptor*: it counts only in
an article that names the canonical entity in another way. User rows override
packaged rows with the same alias.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from .records import CleanedText, EntityMention
from .sentences import doc_text, sentence_index_at, sentences_of
from .spans import without_overlaps

VERSION = "entities-4"

RULER_NAME = "newsfacts_entity_ruler"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_STOPWORDS_IN_ACRONYMS = frozenset({"of", "and", "for", "the", "in", "on", "to", "&", "at"})


def _key(surface: str) -> str:
    """The form an alias is looked up by: lowercase, one space, no "the", no "'s".

    "Her Majesty's" and "His Majesty's" are written "HM" and "&" is "and", so one
    row covers a body under either monarch and either spelling.
    """
    text = " ".join(surface.translate(_APOSTROPHES).split()).lower()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"\b(?:her|his) majesty's\s+", "hm ", text).replace(" & ", " and ")
    text = re.sub(r"'s?$", "", text) if re.search(r"\w's$|s'$", text) else text
    return text.strip(" ,;:&-")


@dataclass(frozen=True)
class AliasTable:
    """Surface forms -> (canonical name, label).

    ``names`` holds ordinary aliases keyed by :func:`_key`; ``descriptors`` the
    lowercase "the ..." forms that only count where the entity is otherwise named.
    """

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    descriptors: dict[str, tuple[str, str]] = field(default_factory=dict)
    surfaces: tuple[str, ...] = ()
    common_words: frozenset[str] = frozenset()  # keys of aliases that are also English words

    def lookup(self, surface: str) -> tuple[str, str] | None:
        """(canonical, label) for a surface form, or None; all-lowercase never matches."""
        if not any(ch.isupper() for ch in surface):
            return None
        return self.names.get(_key(surface))

    def is_common_word(self, surface: str) -> bool:
        """True for an alias that is also an ordinary word ("Labour", "Commons", "Fed"):
        it names the entity only in context (see :func:`_alias_in_context`)."""
        return _key(surface) in self.common_words


def _is_descriptor(alias: str) -> bool:
    return alias == alias.lower() and alias.startswith("the ")


def _read_rows(text: str, source: str) -> list[tuple[str, str, str, bool]]:
    """(canonical, label, alias, common_word) rows; the ``common_word`` column is optional."""
    rows = []
    reader = csv.DictReader(io.StringIO(text))
    missing = {"canonical", "label", "alias"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"{source}: alias table lacks columns {sorted(missing)}")
    for line, row in enumerate(reader, start=2):
        canonical, label, alias = (row[c].strip() for c in ("canonical", "label", "alias"))
        if not canonical or not alias or label not in ("ORG", "PERSON"):
            raise ValueError(f"{source}:{line}: needs canonical, alias and label ORG|PERSON")
        common = (row.get("common_word") or "").strip()
        if common not in ("", "0", "1"):
            raise ValueError(f"{source}:{line}: common_word is 1, 0 or empty, not {common!r}")
        rows.append((canonical, label, alias, common == "1"))
    return rows


@lru_cache(maxsize=1)
def _packaged_rows() -> tuple[tuple[str, str, str, bool], ...]:
    text = resources.files(__package__).joinpath("data/aliases.csv").read_text("utf-8")
    return tuple(_read_rows(text, "extractors/data/aliases.csv"))


def load_alias_table(extra_csv: str | os.PathLike[str] | None = None) -> AliasTable:
    """The packaged alias table plus, optionally, a user CSV of the same shape."""
    rows = list(_packaged_rows())
    if extra_csv is not None:
        with open(extra_csv, encoding="utf-8", newline="") as handle:
            rows += _read_rows(handle.read(), os.fspath(extra_csv))
    names: dict[str, tuple[str, str]] = {}
    descriptors: dict[str, tuple[str, str]] = {}
    surfaces: list[str] = []
    common = {_key(alias) for _, _, alias, is_word in rows if is_word}
    for canonical, label, alias, _ in rows:
        for form in {alias, canonical} if not _is_descriptor(alias) else {alias}:
            target = descriptors if _is_descriptor(form) else names
            target[form.lower() if target is descriptors else _key(form)] = (canonical, label)
            surfaces.append(form)
    return AliasTable(
        names, descriptors, tuple(dict.fromkeys(surfaces)), frozenset(common & set(names))
    )


USER_ALIASES_VARIABLE = "NEWSFACTS_ALIASES"


def user_alias_file() -> str | None:
    """The user's alias CSV named by $NEWSFACTS_ALIASES (the ``aliases`` setting), if any."""
    return os.environ.get(USER_ALIASES_VARIABLE) or None


def aliases_fingerprint() -> str:
    """Identifies the alias table in use, so a changed user file re-extracts articles."""
    path = user_alias_file()
    if not path:
        return "packaged"
    import hashlib

    with open(path, "rb") as handle:
        return "user-" + hashlib.sha256(handle.read()).hexdigest()[:12]


def _default_aliases() -> AliasTable:
    # Read from the environment so worker processes see the same table as the flow.
    return _aliases_for(user_alias_file())


@lru_cache(maxsize=4)
def _aliases_for(path: str | None) -> AliasTable:
    return load_alias_table(path)


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    root = resources.files(__package__).joinpath("data")
    roles = json.loads(root.joinpath("entity_roles.json").read_text("utf-8"))
    given = json.loads(root.joinpath("entity_given_names.json").read_text("utf-8"))
    return {key: frozenset(value) for key, value in roles.items() if isinstance(value, list)} | {
        "given_names": frozenset(given["given_names"])
    }


# --- pipeline rules ---------------------------------------------------------------------


def _token_pattern(token_text: str, first: bool) -> dict[str, Any]:
    text = token_text.translate(_APOSTROPHES)
    if text in ("'s", "'"):
        return {"LOWER": {"IN": [text, text.replace("'", "\u2019")]}}
    if first and (text.isupper() or not text[:1].isupper() or text[1:] != text[1:].lower()):
        # Acronyms and mixed-case names ("MoJ", "TfL") are matched exactly.
        return {"ORTH": text}
    if first:
        # Capitalised first word: "Met Police", "Metropolitan police", never "met".
        return {"LOWER": text.lower(), "IS_LOWER": False}
    return {"LOWER": text.lower()}


def alias_patterns(nlp: Language, table: AliasTable) -> list[dict[str, Any]]:
    """EntityRuler token patterns for every ordinary alias of ``table``.

    Runs of whitespace tokens (left where furniture was blanked) may sit between
    words, and curly and straight apostrophes both match.
    """
    patterns = []
    for surface in table.surfaces:
        if _is_descriptor(surface) or table.is_common_word(surface):
            # An alias that is also a word is found in context after parsing
            # (:func:`_word_alias_mentions`): a rule here would pre-empt the model's
            # longer names ("Irish Republican Army") and the verb "Met".
            continue
        canonical, label = table.names[_key(surface)]
        for variant in _written_variants(surface):
            words = [t.text for t in nlp.make_doc(variant) if not t.is_space]
            pattern: list[dict[str, Any]] = []
            for i, word in enumerate(words):
                if i:
                    pattern.append({"IS_SPACE": True, "OP": "*"})
                pattern.append(_token_pattern(word, first=i == 0))
            patterns.append({"label": label, "pattern": pattern, "id": canonical})
    return patterns


def _written_variants(surface: str) -> list[str]:
    """The ways a name is written that :func:`_key` treats as one: "HM" spelled out."""
    text = surface.translate(_APOSTROPHES)
    variants = [text]
    if text.startswith("HM "):
        variants += [f"{who} Majesty's {text[3:]}" for who in ("Her", "His")]
    return variants


def configure_pipeline(nlp: Language) -> None:
    """Add the alias EntityRuler before ``ner`` (the model then respects its spans)."""
    if RULER_NAME in nlp.pipe_names:
        return
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before)
    ruler.add_patterns(alias_patterns(nlp, _default_aliases()))  # type: ignore[attr-defined]


# --- acronyms defined in the article ----------------------------------------------------

_ACRONYM_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z&]*[A-Z][A-Za-z]*)\s*\)")


def _initials(word: str) -> str:
    bare = word.translate(_APOSTROPHES).split("'")[0]
    if bare.isupper() and len(bare) > 1:
        return bare  # "HM" stands for two words
    return bare[:1].upper()


@dataclass(frozen=True)
class Acronym:
    """An acronym the article defines, with its long form."""

    acronym: str
    long_form: str
    is_name: bool  # False for concepts: "child sexual exploitation (CSE)"


def defined_acronyms(text: str) -> dict[str, Acronym]:
    """Acronyms introduced as "Long Form (LF)" in ``text``, by acronym."""
    found: dict[str, Acronym] = {}
    for match in _ACRONYM_IN_PARENS.finditer(text):
        acronym = match.group(1)
        before = text[max(0, match.start() - 160) : match.start()]
        words = re.findall(r"[\w'’&-]+", before)[-14:]
        for k in range(1, len(words) + 1):
            tail = words[-k:]
            if tail[0].lower() in _STOPWORDS_IN_ACRONYMS:
                continue
            letters = "".join(_initials(w) for w in tail if w.lower() not in _STOPWORDS_IN_ACRONYMS)
            if letters == acronym.upper():
                content = [w for w in tail if w.lower() not in _STOPWORDS_IN_ACRONYMS]
                is_name = all(w[:1].isupper() for w in content)
                found.setdefault(acronym, Acronym(acronym, " ".join(tail), is_name))
                break
    return found


# --- mentions ----------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    canonical: str | None = None
    role: str | None = None
    post_nominal: str | None = None  # "QC" of "Michael Topolski QC"
    knighthood: str | None = None  # "Sir" of "Sir Lenny", kept if no full name resolves it


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace, a leading "the", a trailing possessive and stray punctuation."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in "\"'“‘([,;:&-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'”’),;:&-.("):
            if text[end - 1] in "’'" and end - start > 1 and text[end - 2] == "s":
                end -= 1  # plural possessive "Survivors'"
                continue
            end -= 1
        lead = re.match(r"(?:the|The|THE)\s+", text[start:end])
        if lead and end - start > lead.end():
            start += lead.end()
        tail = re.search(r"['’]s$", text[start:end])
        if tail and end - start > 2:
            end -= 2
        if "(" in text[start:end]:
            end = start + text[start:end].index("(")
        if (start, end) == before:
            return start, end


def _candidate_spans(doc: Doc, table: AliasTable) -> list[_Mention]:
    text = doc_text(doc)
    spans: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG"):
            label = ent.label_
        elif ent.label_ not in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
            hit = table.lookup(_trimmed_text(text, ent.start_char, ent.end_char))
            if hit is None:
                continue
            label = hit[1]
        else:
            continue
        parts = _split_possessive(text, ent.start_char, ent.end_char, table)
        for i, (start, end) in enumerate(parts):
            start, end = _trim(text, start, end)
            if end > start:
                person = i and _person_after(text[start:end]) and not table.lookup(text[start:end])
                spans.append(_Mention(start, end, "PERSON" if person else label))
    return spans


def _trimmed_text(text: str, start: int, end: int) -> str:
    start, end = _trim(text, start, end)
    return text[start:end]


def _alias_in_context(doc: Doc, start: int, end: int) -> bool:
    """Whether a capitalised alias that is also a word ("Labour", "Commons") names
    the entity here: capitalised mid-sentence, after "the", or read by the model as
    an organisation or group. At a sentence start with none of these ("Met with
    anger by teachers") the capital says nothing."""
    tokens = _tokens(doc, start, end)
    if not tokens or not tokens[0].text[:1].isupper():
        return False
    first = tokens[0]
    if not first.is_sent_start:
        return True
    if first.ent_type_ in ("ORG", "NORP") and first.pos_ not in ("VERB", "AUX"):
        return True  # "Labour said", not "Fed up with delays"
    i = first.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i >= 0 and doc[i].lower_ == "the"


def _tokens_spelled(doc: Doc, words: Iterable[str], ignore_case: bool) -> list[Token]:
    """Tokens of ``doc`` that are one of ``words``, found in the text rather than by
    walking every token (a Python object per token is most of an extractor's time)."""
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    if not alternatives:
        return []
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in alternatives) + r")\b"
    found = []
    for match in re.finditer(pattern, doc_text(doc), re.IGNORECASE if ignore_case else 0):
        span = doc.char_span(match.start(), match.end())
        if span is not None and len(span) == 1:
            found.append(span[0])
    return found


def _word_alias_mentions(doc: Doc, table: AliasTable) -> list[_Mention]:
    """Aliases that are also words, in context, unless inside a longer name the model
    found ("Republican" of "Irish Republican Army")."""
    tokens = _tokens_spelled(doc, table.common_words, ignore_case=True)
    if not tokens:
        return []
    inside_longer = {
        t.i for ent in doc.ents if len(ent) > 1 and table.lookup(ent.text) is None for t in ent
    }
    found = []
    for tok in tokens:
        if tok.i in inside_longer or not tok.is_title:
            continue
        end = tok.idx + len(tok.text)
        hit = table.lookup(tok.text)
        if hit is not None and _alias_in_context(doc, tok.idx, end):
            found.append(_Mention(tok.idx, end, hit[1], hit[0]))
    return found


def _honorific_names(doc: Doc) -> list[_Mention]:
    """ "Mrs May", "Baroness Hale": an honorific and the capitalised words after it.

    The small model misses short names after a title (it reads "May" as a month);
    an honorific that only ever introduces a person makes the span a PERSON. Titles
    after the honorific ("Lord Justice Leveson") are taken along and moved to the
    role later; a span with no word but titles ("the Lord Mayor") names no one.
    """
    w = _words()
    titles = w["honorifics"] | w["role_heads"]
    text = doc_text(doc)
    found = []
    for tok in doc:
        if not tok.text[:1].isupper() or tok.lower_ not in w["name_honorifics"]:
            continue
        names: list[Token] = []
        i = tok.i + 1
        while i < len(doc) and len(names) < 3:
            nxt = doc[i]
            if not (nxt.is_title or nxt.is_upper) or not nxt.is_alpha or nxt.is_sent_start:
                break
            names.append(nxt)
            i += 1
        while names and names[-1].lower_ in titles:
            names.pop()
        if names and not all(n.lower_ in titles for n in names):
            end = names[-1].idx + len(names[-1].text)
            # "Haddon-Cave", "Rees-Mogg": a hyphenated surname is one name.
            joined = re.match(r"(?:[-‑][A-Z][\w'’]*)+", text[end:])
            found.append(_Mention(tok.idx, end + (joined.end() if joined else 0), "PERSON"))
    return found


def _given_name_people(doc: Doc) -> list[_Mention]:
    """ "Theresa May" the model reads as a month: a given name and a capitalised word.

    Only where the model saw no other name, place or organisation in those words;
    a word that makes the phrase an organisation or a place ("Grace Foundation",
    "Victoria Station") stops it.
    """
    w = _words()
    found = []
    blocked = {"ORG", "GPE", "LOC", "FAC", "NORP", "PERSON", "WORK_OF_ART", "EVENT", "PRODUCT"}
    for tok in doc:
        if not tok.is_title or tok.lower_ not in w["given_names"] or tok.ent_type_ in blocked:
            continue
        names: list[Token] = []
        i = tok.i + 1
        while i < len(doc) and len(names) < 2:
            nxt = doc[i]
            if not nxt.is_title or not nxt.is_alpha or nxt.ent_type_ in blocked:
                break
            names.append(nxt)
            i += 1
        stop = w["org_words"] | w["not_names"] | w["place_words"]
        # "Jack Russell terriers": the words qualify a noun, they name no one.
        if names and names[-1].dep_ != "compound" and not any(n.lower_ in stop for n in names):
            last = names[-1]
            found.append(_Mention(tok.idx, last.idx + len(last.text), "PERSON"))
    return found


def _split_possessive(text: str, start: int, end: int, table: AliasTable) -> list[tuple[int, int]]:
    """ "Scotland Yard's Operation X", "Arsenal's Mikel Arteta" -> two spans, when the
    owner is a known entity or what follows is a person's name (see :func:`_person_after`)."""
    for match in re.finditer(r"['’]s\s+", text[start:end]):
        owner = text[start : start + match.start()]
        if table.lookup(owner) is not None or _person_after(text[start + match.end() : end]):
            return [(start, start + match.start()), (start + match.end(), end)]
    return [(start, end)]


def _person_after(words_text: str) -> bool:
    """Two or three capitalised words with no organisation, office, place or title
    word: a person's name ("Mikel Arteta"), not the rest of an organisation's name
    ("Children's Commissioner", "Women's Institute")."""
    w = _words()
    words = words_text.split()
    stop = w["org_words"] | w["role_heads"] | w["place_words"] | w["honorifics"]
    return 2 <= len(words) <= 3 and all(
        x.isalpha() and x.istitle() and x.lower() not in stop for x in words
    )


def _surface(text: str, m: _Mention) -> str:
    return " ".join(text[m.start : m.end].split())


def _looks_like_person(surface: str) -> bool:
    """ "Amber Rudd" tagged ORG: a given name, one or two more capitalised words."""
    w = _words()
    parts = surface.split()
    return (
        2 <= len(parts) <= 3
        and parts[0].lower() in w["given_names"]
        and all(p[:1].isupper() for p in parts)
        and not any(p.lower() in w["org_words"] for p in parts)
    )


def _titled_person(surface: str) -> bool:
    """ "Baroness Hale" (or "Later Lady Hale") tagged ORG: a name honorific, then
    names, no organisation word."""
    w = _words()
    parts = surface.split()
    at = next((i for i, p in enumerate(parts) if p.lower() in w["name_honorifics"]), None)
    return (
        at is not None
        and at < len(parts) - 1
        and not any(p.lower() in w["org_words"] for p in parts)
    )


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if not t.is_space] if span is not None else []


def _next_token(doc: Doc, end: int) -> Token | None:
    tokens = _tokens(doc, max(0, end - 1), end)
    i = tokens[-1].i + 1 if tokens else len(doc)
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


_DECIMAL = re.compile(r"\d\.\d")


def _repair(doc: Doc, m: _Mention, table: AliasTable, acronyms: dict[str, Acronym]) -> bool:
    """Fix label and name of one mention in place; False when it names no one."""
    w = _words()
    text = doc_text(doc)
    surface = _surface(text, m)
    first = surface.split()[0].lower() if surface else ""
    if not surface or _key(surface) in w["not_names"] or first in w["event_prefixes"]:
        return False
    if _DECIMAL.search(surface):
        return False  # "magnitude-6.1" tagged ORG: a measurement, not a name
    defined = acronyms.get(surface)
    if defined is not None:
        if not defined.is_name:
            return False
        hit = table.lookup(defined.long_form)
        m.label, m.canonical = "ORG", hit[0] if hit else _key_display(defined.long_form)
        return True
    nxt = _next_token(doc, m.end)
    if (
        len(surface.split()) == 1
        and nxt is not None
        and nxt.lower_ in w["role_heads"]
        and nxt.is_title
    ):
        return False  # "Home" of "Home Secretary", "Treasury" of "Treasury Secretary"
    hit = table.lookup(surface)
    if hit is not None:
        if table.is_common_word(surface) and not _alias_in_context(doc, m.start, m.end):
            return False
        m.canonical, m.label = hit
        return True
    if surface.isupper() and len(surface.replace(" ", "")) > 1:
        m.label = "ORG"  # an acronym is not a person's name
    if m.label == "ORG" and (_looks_like_person(surface) or _titled_person(surface)):
        m.label = "PERSON"
    if m.label == "PERSON" and len(surface.split()) > 1:
        if surface.split()[-1].lower() in w["place_words"]:
            return False  # "Victoria Station" tagged PERSON: a place
    if m.label == "PERSON":
        return _strip_honorifics(doc, m)
    m.canonical = _fuzzy_alias(surface, table) or surface
    return True


def _key_display(long_form: str) -> str:
    text = " ".join(long_form.translate(_APOSTROPHES).split())
    return re.sub(r"^(?:the|The)\s+", "", text)


def _fuzzy_alias(surface: str, table: AliasTable) -> str | None:
    """A long name one word off an alias ("Inspection" for "Inspectorate")."""
    key = _key(surface)
    if len(key) < 15:
        return None
    close = difflib.get_close_matches(key, list(table.names), n=1, cutoff=0.9)
    return table.names[close[0]][0] if close else None


def _strip_honorifics(doc: Doc, m: _Mention) -> bool:
    """Honorifics move to the role, except a peer's title (see docs/entities.md)."""
    w = _words()
    tokens = _tokens(doc, m.start, m.end)
    inner = [i for i, t in enumerate(tokens) if i and t.lower_ in w["name_honorifics"]]
    if inner and inner[0] < len(tokens) - 1:
        tokens = tokens[inner[0] :]  # "Later Mrs May": a name starts at its honorific
    honorifics = {h.rstrip(".") for h in w["honorifics"]}
    peer = _peerage_title(tokens)
    titles: list[Token] = []
    while tokens and tokens[0].lower_.rstrip(".") in honorifics:
        titles.append(tokens[0])
        tokens = tokens[1:]
    if not tokens:
        return False
    if peer is not None:
        # "Lord Kerslake": the title is how the text names him; "Kerslake" resolves to it.
        name = " ".join(doc_text(doc)[tokens[0].idx : m.end].split())
        m.start = peer.idx
        m.canonical = f"{peer.text.title()} {name.split()[-1]}"
        return True
    if titles and titles[-1].lower_ in w["knighthood_titles"]:
        m.knighthood = titles[-1].text.title()
    suffix = []
    while len(tokens) > 1 and tokens[-1].is_upper and tokens[-1].lower_ in w["post_nominals"]:
        suffix.insert(0, tokens.pop())
    if suffix:
        m.end = tokens[-1].idx + len(tokens[-1].text)
        m.post_nominal = " ".join(t.text for t in suffix)
    m.start = tokens[0].idx
    _extend_given_name(doc, m)
    m.canonical = " ".join(doc_text(doc)[m.start : m.end].split())
    return True


def _peerage_title(tokens: list[Token]) -> Token | None:
    """The peer's title of "Lord Kerslake", "Baroness Hale"; None for "Lord Justice
    Leveson" or "Lord Mayor" (an office, not a peerage) and for other honorifics."""
    w = _words()
    if len(tokens) < 2 or tokens[0].lower_ not in w["peerage_titles"]:
        return None
    nxt = tokens[1].lower_.rstrip(".")
    if nxt in w["honorifics"] or nxt in w["role_heads"]:
        return None
    return tokens[0]


def _extend_given_name(doc: Doc, m: _Mention) -> None:
    """ "Mayor of London Sadiq Khan" tagged as "Khan": take the given name back in."""
    tokens = _tokens(doc, m.start, m.end)
    if len(tokens) != 1 or tokens[0].i == 0:
        return
    before = doc[tokens[0].i - 1]
    if (
        before.is_title
        and before.lower_ in _words()["given_names"]
        and not before.whitespace_ == ""
    ):
        m.start = before.idx


# --- roles --------------------------------------------------------------------------------


def _title_before(doc: Doc, m: _Mention) -> str | None:
    """ "Mayor of London Sadiq Khan", "assistant commissioner Martin Hewitt"."""
    w = _words()
    tokens = _tokens(doc, m.start, m.end)
    if not tokens:
        return None
    allowed_lower = w["role_modifiers"] | w["role_heads"] | w["honorifics"] | w["connectors"]
    i = tokens[0].i - 1
    taken: list[Token] = []
    while i >= 0 and len(taken) < 8:
        tok = doc[i]
        if tok.is_space:
            i -= 1
            continue
        if tok.is_punct and tok.text not in ("'s", "’s"):
            break
        if tok.ent_type_ in ("PERSON", "DATE") and tok.lower_.rstrip(".") not in allowed_lower:
            break  # another name or a date; a title the model took into the name is kept
        if not (tok.is_title or tok.is_upper or tok.lower_ in allowed_lower):
            break
        if tok.lower_ in ("the", "a", "an"):
            break
        if (
            tok.is_sent_start
            and tok.pos_ != "PROPN"
            and tok.lower_.rstrip(".") not in allowed_lower
        ):
            break  # "Later Mrs May": a capital that only starts the sentence
        taken.insert(0, tok)
        if tok.is_sent_start:
            break
        i -= 1
    while taken and taken[0].lower_ in w["connectors"]:
        taken.pop(0)
    if not any(t.lower_.rstrip(".") in w["role_heads"] | w["honorifics"] for t in taken):
        return None
    return " ".join(doc_text(doc)[taken[0].idx : m.start].split()) or None


def _apposition_role(doc: Doc, m: _Mention) -> str | None:
    """ "Matt Parr, lead inspector for HMIC," or "the London mayor, Sadiq Khan,"."""
    w = _words()
    tokens = _tokens(doc, m.start, m.end)
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    if not roots:
        return None
    root = roots[0]
    phrase: list[Token] = []
    if root.dep_ == "appos" and root.head.lower_ in w["role_heads"] and root.head.i < root.i:
        head = root.head
        phrase = [t for t in head.subtree if t.i < tokens[0].i]
    else:
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i and child.lower_ in w["role_heads"]:
                phrase = list(child.subtree)
                break
    phrase = [t for t in phrase if not t.is_space]
    while phrase and (phrase[0].dep_ in ("det", "punct") or phrase[0].is_punct):
        phrase.pop(0)
    while phrase and phrase[-1].is_punct:
        phrase.pop()
    if not phrase or len(phrase) > 10:
        return None
    return " ".join(doc_text(doc)[phrase[0].idx : phrase[-1].idx + len(phrase[-1])].split())


# --- resolution within the article ----------------------------------------------------------


def _resolve_people(mentions: list[_Mention]) -> None:
    """Short forms of a person take the full name met in the article (earlier first).

    A surname or a given name ("Parr", "Sir Lenny") takes the full name that ends or
    starts with it; a peer named under another title of the same rank of address
    ("Lady Hale" after "Baroness Hale") takes the first. A knight named only as
    "Sir Lenny", with no full name in the article, keeps the title.
    """
    peers = _words()["peerage_titles"]
    full = [m for m in mentions if m.label == "PERSON" and len((m.canonical or "").split()) > 1]
    for m in mentions:
        name = m.canonical or ""
        parts = name.split()
        earlier = [f for f in full if f.start < m.start] or full
        if m.label == "PERSON" and len(parts) == 2 and parts[0].lower() in peers:
            same = [
                f
                for f in earlier
                if (f.canonical or "").split()[0].lower() in peers
                and (f.canonical or "").split()[-1] == parts[-1]
            ]
            if same:
                m.canonical = same[0].canonical
            continue
        if len(parts) != 1:
            continue
        matches = [
            f
            for f in reversed(earlier)
            if (f.canonical or "").split()[-1] == name
            or (
                (f.canonical or "").split()[0] == name
                and (f.canonical or "").split()[0].lower() not in peers
            )
        ]
        if matches and (m.label == "PERSON" or name[:1].isupper()):
            m.label, m.canonical = "PERSON", matches[0].canonical
        elif m.label == "PERSON" and m.knighthood:
            m.canonical = f"{m.knighthood} {name}"


_NAME_LABELS_THE_MODEL_CONFUSES = ("GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT")


def _people_under_other_labels(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """ "Kemi Badenoch" tagged a place, where "Ms Badenoch" shows she is a person: a
    span of one to three capitalised words the model gave another label, ending in
    the surname of a person named in the article, is that person."""
    surnames = {m.canonical.split()[-1] for m in mentions if m.label == "PERSON" and m.canonical}
    found = []
    for ent in doc.ents:
        words = [t for t in ent if not t.is_space]
        if (
            ent.label_ in _NAME_LABELS_THE_MODEL_CONFUSES
            and 1 <= len(words) <= 3
            and all(t.is_title and t.is_alpha for t in words)
            and words[-1].text in surnames
        ):
            found.append(_Mention(words[0].idx, words[-1].idx + len(words[-1]), "PERSON"))
            found[-1].canonical = " ".join(t.text for t in words)
    return found


def _untagged_surnames(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """ "Kerslake said" where the model tagged nothing: a proper noun that is the
    subject or the possessor in its clause and the surname of a person the article
    names in full ("May" of "in May" is neither, and never a proper-noun subject)."""
    surnames = {
        (m.canonical or "").split()[-1]
        for m in mentions
        if m.label == "PERSON" and len((m.canonical or "").split()) > 1
    }
    covered = {t.i for m in mentions for t in _tokens(doc, m.start, m.end)}
    return [
        _Mention(t.idx, t.idx + len(t), "PERSON", t.text)
        for t in _tokens_spelled(doc, surnames, ignore_case=False)
        if t.i not in covered
        and t.text in surnames
        and t.pos_ == "PROPN"
        and t.dep_ in ("nsubj", "nsubjpass", "poss")
    ]


def _article_short_forms(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Short forms of an organisation the article names in full.

    A clipped first word ("Met", "Met Police" for "Metropolitan Police") and
    initials ("MPS" for "Metropolitan Police Service") resolve to the one
    organisation of the article they fit; a clipped word needs the context an
    alias that is also a word needs. A mention the model gave a name of its own
    ("Met" as a PERSON) is corrected; a form it missed is added.
    """
    text = doc_text(doc)
    names: dict[str, set[tuple[str, ...]]] = {}
    for m in mentions:
        if m.label == "ORG" and m.canonical:
            for form in (m.canonical, _surface(text, m)):
                words = tuple(_key_display(form).split())
                if len(words) > 1:
                    names.setdefault(m.canonical, set()).add(words)
    if not names:
        return mentions
    taken = {t.i for m in mentions for t in _tokens(doc, m.start, m.end)}
    for m in mentions:
        surface = _surface(text, m)
        if m.canonical != surface or (m.label != "ORG" and " " in surface):
            continue
        # The model's "Met" of "Met police": try the words after it too, longest first.
        run = _tokens(doc, m.start, m.end)
        while len(run) < 4:
            nxt = _next_token(doc, run[-1].idx + len(run[-1]))
            if nxt is None or nxt.i in taken or not nxt.is_alpha:
                break
            run.append(nxt)
        for size in range(len(run), len(_tokens(doc, m.start, m.end)) - 1, -1):
            end = run[size - 1].idx + len(run[size - 1])
            canonical = _short_form_of(doc, [t.text for t in run[:size]], m.start, end, names)
            if canonical is not None:
                m.label, m.canonical, m.end = "ORG", canonical, end
                break
    covered = {t.i for m in mentions for t in _tokens(doc, m.start, m.end)}
    # Only a word that starts some name's first word, or fits some name's initials,
    # can be a short form: the cheap test keeps the loop below to a few tokens.
    clips = {
        f[0].lower()[:n] for forms in names.values() for f in forms for n in range(3, len(f[0]) - 1)
    }
    initials = {_initialism(f) for forms in names.values() for f in forms}
    extra = []
    for tok in _tokens_spelled(doc, clips, ignore_case=True) + _tokens_spelled(
        doc, initials, ignore_case=False
    ):
        if tok.i in covered or not tok.is_alpha or not tok.text[:1].isupper():
            continue
        if tok.lower_ not in clips and tok.text not in initials:
            continue
        run = [tok]
        while len(run) < 4:
            nxt = _next_token(doc, run[-1].idx + len(run[-1]))
            if nxt is None or nxt.i in covered or not nxt.is_alpha:
                break
            run.append(nxt)
        for size in range(len(run), 0, -1):
            end = run[size - 1].idx + len(run[size - 1])
            canonical = _short_form_of(doc, [t.text for t in run[:size]], tok.idx, end, names)
            if canonical is not None:
                extra.append(_Mention(tok.idx, end, "ORG", canonical))
                break
    return mentions + extra


def _short_form_of(
    doc: Doc, words: list[str], start: int, end: int, names: dict[str, set[tuple[str, ...]]]
) -> str | None:
    """The one organisation of ``names`` that ``words`` clip or abbreviate, or None."""
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
        fits = {c for c, forms in names.items() for f in forms if _initialism(f) == words[0]}
    elif words[0].istitle() and words[0].lower() not in _words()["honorifics"]:
        # One clipped word is also a word ("Met"): it needs context. A clip followed
        # by the rest of the name ("Met police") is the name, in a headline too.
        if len(words) == 1 and not _alias_in_context(doc, start, end):
            return None
        fits = {c for c, forms in names.items() for f in forms if _clip_fits(words, f)}
    else:
        return None
    return fits.pop() if len(fits) == 1 else None


def _clip_fits(words: list[str], name: tuple[str, ...]) -> bool:
    """ "Met Police" is "Metropolitan Police ..." with its first word clipped; a clip
    keeps at least three letters and drops at least two ("Barclay" is not "Barclays")."""
    head, first = words[0].lower(), name[0].lower()
    return (
        len(words) <= len(name)
        and 3 <= len(head) <= len(first) - 2
        and first.startswith(head)
        and [x.lower() for x in name[1 : len(words)]] == [x.lower() for x in words[1:]]
    )


def _initialism(name: tuple[str, ...]) -> str:
    return "".join(_initials(x) for x in name if x.lower() not in _STOPWORDS_IN_ACRONYMS)


def _head_descriptors(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """ "the inspectorate" after "HM Inspectorate of Constabulary": the lowercase head
    noun of an organisation named earlier, when no other organisation of the article
    shares that head."""
    heads: dict[str, set[str]] = {}
    first_at: dict[str, int] = {}
    for m in mentions:
        if m.label != "ORG" or not m.canonical:
            continue
        words = [x for x in _key_display(m.canonical).split() if not x.isupper()]
        cut = next((i for i, x in enumerate(words) if x.lower() in _STOPWORDS_IN_ACRONYMS), None)
        head_words = words[:cut] if cut else words
        if len(words) > 1 and head_words and head_words[-1][:1].isupper():
            heads.setdefault(head_words[-1].lower(), set()).add(m.canonical)
        first_at[m.canonical] = min(first_at.get(m.canonical, m.start), m.start)
    extra = []
    for head, owners in heads.items():
        if len(owners) != 1:
            continue
        (canonical,) = owners
        for match in re.finditer(rf"\bthe {re.escape(head)}\b", text):
            if match.start() > first_at[canonical]:
                extra.append(_Mention(match.start(), match.end(), "ORG", canonical))
    return extra


def _descriptor_mentions(text: str, mentions: list[_Mention], table: AliasTable) -> list[_Mention]:
    named = {m.canonical for m in mentions}
    extra = []
    for alias, (canonical, label) in table.descriptors.items():
        if canonical not in named:
            continue
        for match in re.finditer(rf"\b{re.escape(alias)}\b", text):
            extra.append(_Mention(match.start(), match.end(), label, canonical))
    return extra


def _acronym_mentions(text: str, acronyms: dict[str, Acronym]) -> list[_Mention]:
    """Every use of a defined name acronym, whether or not the model tagged it."""
    extra = []
    for acronym in acronyms.values():
        if acronym.is_name:
            for match in re.finditer(rf"(?<![\w-]){re.escape(acronym.acronym)}(?![\w-])", text):
                extra.append(_Mention(match.start(), match.end(), "ORG"))
    return extra


def extract_entities(
    doc: Doc, cleaned: CleanedText, aliases: AliasTable | None = None
) -> list[EntityMention]:
    """PERSON and ORG mentions of ``doc`` with canonical names and roles, by start."""
    table = aliases if aliases is not None else _default_aliases()
    text = doc_text(doc)
    acronyms = defined_acronyms(text)
    # Of overlapping names the longest wins ("Metropolitan Police Service" over "Police").
    candidates = without_overlaps(
        _candidate_spans(doc, table)
        + _acronym_mentions(text, acronyms)
        + _honorific_names(doc)
        + _given_name_people(doc)
        + _word_alias_mentions(doc, table),
        prefer="longest",
    )
    mentions = [
        m
        for m in candidates
        if not cleaned.is_furniture(m.start, m.end) and _repair(doc, m, table, acronyms)
    ]
    mentions = without_overlaps(
        mentions + _people_under_other_labels(doc, mentions), prefer="longest"
    )
    mentions = without_overlaps(mentions + _untagged_surnames(doc, mentions), prefer="longest")
    _resolve_people(mentions)
    mentions = without_overlaps(_article_short_forms(doc, mentions), prefer="longest")
    mentions = without_overlaps(
        mentions + _descriptor_mentions(text, mentions, table) + _head_descriptors(text, mentions),
        prefer="longest",
    )
    sentences = sentences_of(doc, cleaned.original)
    records = []
    for m in mentions:
        if m.label not in ("PERSON", "ORG") or cleaned.is_furniture(m.start, m.end):
            continue
        role = None
        if m.label == "PERSON":
            role = _title_before(doc, m) or _apposition_role(doc, m) or m.post_nominal
        records.append(
            EntityMention(
                m.start,
                m.end,
                cleaned.original[m.start : m.end],
                sentence_index_at(sentences, m.start),
                m.label,
                m.canonical or _surface(text, m),
                role,
            )
        )
    return records
