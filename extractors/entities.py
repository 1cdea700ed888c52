"""PERSON and ORG mentions, each under one canonical entity.

Three layers turn spaCy's entities into canonical ones:

1. **Entity rules** (:func:`configure_pipeline`): an EntityRuler before ``ner`` tags
   every alias of the alias table, so the statistical model can no longer call
   "HMIC" a person, "Metropolitan" a nationality in "the Metropolitan police" or
   split "Inspectorate of Constabulary and Fire and Rescue Services" at "and".
2. **Surface repair**: determiners, possessive "'s", trailing punctuation and titles
   are moved out of the name ("Sir Bernard Hogan-Howe" -> "Bernard Hogan-Howe",
   role "Sir"); spans that name no one ("Today", "Operation X") are dropped; an ORG
   that is plainly a person ("Amber Rudd") becomes PERSON.
3. **Resolution within the article**: a surname or first name maps to the full name
   met in the article ("Parr" -> "Matt Parr"); an acronym defined in the text
   ("... Constabulary (HMIC)") becomes an alias of its long form; a job title
   before the name or an apposition after it ("Matt Parr, lead inspector for HMIC")
   fills ``role``.

Alias table format (``extractors/data/aliases.csv``, and any user file passed to
:func:`load_alias_table`): a CSV with header ``canonical,label,alias``; one row per
surface form, ``label`` is ORG or PERSON. Matching ignores case, a leading "the",
a trailing possessive and the kind of apostrophe, but a surface written all in
lowercase never matches an ordinary alias (so the verb "met" is not the Met). An
alias written entirely in lowercase and starting with "the " (``the inspectorate``)
is a *descriptor*: it counts only in an article that names the canonical entity
in another way. User rows override packaged rows with the same alias.
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

VERSION = "entities-2"

RULER_NAME = "newsfacts_entity_ruler"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_STOPWORDS_IN_ACRONYMS = frozenset({"of", "and", "for", "the", "in", "on", "to", "&", "at"})


def _key(surface: str) -> str:
    """The form an alias is looked up by: lowercase, one space, no "the", no "'s"."""
    text = " ".join(surface.translate(_APOSTROPHES).split()).lower()
    text = re.sub(r"^the\s+", "", text)
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

    def lookup(self, surface: str) -> tuple[str, str] | None:
        """(canonical, label) for a surface form, or None; all-lowercase never matches."""
        if not any(ch.isupper() for ch in surface):
            return None
        return self.names.get(_key(surface))


def _is_descriptor(alias: str) -> bool:
    return alias == alias.lower() and alias.startswith("the ")


def _read_rows(text: str, source: str) -> list[tuple[str, str, str]]:
    rows = []
    reader = csv.DictReader(io.StringIO(text))
    missing = {"canonical", "label", "alias"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"{source}: alias table lacks columns {sorted(missing)}")
    for line, row in enumerate(reader, start=2):
        canonical, label, alias = (row[c].strip() for c in ("canonical", "label", "alias"))
        if not canonical or not alias or label not in ("ORG", "PERSON"):
            raise ValueError(f"{source}:{line}: needs canonical, alias and label ORG|PERSON")
        rows.append((canonical, label, alias))
    return rows


@lru_cache(maxsize=1)
def _packaged_rows() -> tuple[tuple[str, str, str], ...]:
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
    for canonical, label, alias in rows:
        for form in {alias, canonical} if not _is_descriptor(alias) else {alias}:
            target = descriptors if _is_descriptor(form) else names
            target[form.lower() if target is descriptors else _key(form)] = (canonical, label)
            surfaces.append(form)
    return AliasTable(names, descriptors, tuple(dict.fromkeys(surfaces)))


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
        if _is_descriptor(surface):
            continue
        canonical, label = table.names[_key(surface)]
        words = [t.text for t in nlp.make_doc(surface.translate(_APOSTROPHES)) if not t.is_space]
        pattern: list[dict[str, Any]] = []
        for i, word in enumerate(words):
            if i:
                pattern.append({"IS_SPACE": True, "OP": "*"})
            pattern.append(_token_pattern(word, first=i == 0))
        patterns.append({"label": label, "pattern": pattern, "id": canonical})
    return patterns


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
            hit = table.lookup(ent.text)
            if hit is None:
                continue
            label = hit[1]
        else:
            continue
        for start, end in _split_possessive(text, ent.start_char, ent.end_char, table):
            start, end = _trim(text, start, end)
            if end > start:
                spans.append(_Mention(start, end, label))
    return spans


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
    """ "Scotland Yard's Operation X" -> two spans, when the owner is a known entity."""
    for match in re.finditer(r"['’]s\s+", text[start:end]):
        owner = text[start : start + match.start()]
        if table.lookup(owner) is not None:
            return [(start, start + match.start()), (start + match.end(), end)]
    return [(start, end)]


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
    """ "Baroness Hale" tagged ORG: a name honorific, then names, no organisation word."""
    w = _words()
    parts = surface.split()
    return (
        len(parts) >= 2
        and parts[0].lower() in w["name_honorifics"]
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


def _repair(doc: Doc, m: _Mention, table: AliasTable, acronyms: dict[str, Acronym]) -> bool:
    """Fix label and name of one mention in place; False when it names no one."""
    w = _words()
    text = doc_text(doc)
    surface = _surface(text, m)
    first = surface.split()[0].lower() if surface else ""
    if not surface or _key(surface) in w["not_names"] or first in w["event_prefixes"]:
        return False
    defined = acronyms.get(surface)
    if defined is not None:
        if not defined.is_name:
            return False
        hit = table.lookup(defined.long_form)
        m.label, m.canonical = "ORG", hit[0] if hit else _key_display(defined.long_form)
        return True
    hit = table.lookup(surface)
    if hit is not None:
        m.canonical, m.label = hit
        return True
    if surface.isupper() and len(surface.replace(" ", "")) > 1:
        m.label = "ORG"  # an acronym is not a person's name
    nxt = _next_token(doc, m.end)
    if (
        len(surface.split()) == 1
        and nxt is not None
        and nxt.lower_ in w["role_heads"]
        and nxt.is_title
    ):
        return False  # "Home" of "Home Secretary"
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
    w = _words()
    tokens = _tokens(doc, m.start, m.end)
    inner = [i for i, t in enumerate(tokens) if i and t.lower_ in w["name_honorifics"]]
    if inner and inner[0] < len(tokens) - 1:
        tokens = tokens[inner[0] :]  # "Later Mrs May": a name starts at its honorific
    while tokens and tokens[0].lower_.rstrip(".") in {h.rstrip(".") for h in w["honorifics"]}:
        tokens = tokens[1:]
    if not tokens:
        return False
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
    """Short forms of a person take the full name met in the article (earlier first)."""
    full = [m for m in mentions if m.label == "PERSON" and len((m.canonical or "").split()) > 1]
    for m in mentions:
        name = m.canonical or ""
        if len(name.split()) != 1:
            continue
        earlier = [f for f in full if f.start < m.start] or full
        matches = [
            f
            for f in reversed(earlier)
            if (f.canonical or "").split()[-1] == name or (f.canonical or "").split()[0] == name
        ]
        if matches and (m.label == "PERSON" or name[:1].isupper()):
            m.label, m.canonical = "PERSON", matches[0].canonical


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


def _without_overlaps(mentions: Iterable[_Mention]) -> list[_Mention]:
    chosen: list[_Mention] = []
    for m in sorted(mentions, key=lambda x: (-(x.end - x.start), x.start)):
        if all(m.end <= c.start or c.end <= m.start for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda x: x.start)


def extract_entities(
    doc: Doc, cleaned: CleanedText, aliases: AliasTable | None = None
) -> list[EntityMention]:
    """PERSON and ORG mentions of ``doc`` with canonical names and roles, by start."""
    table = aliases if aliases is not None else _default_aliases()
    text = doc_text(doc)
    acronyms = defined_acronyms(text)
    candidates = _without_overlaps(
        _candidate_spans(doc, table)
        + _acronym_mentions(text, acronyms)
        + _honorific_names(doc)
        + _given_name_people(doc)
    )
    mentions = [
        m
        for m in candidates
        if not cleaned.is_furniture(m.start, m.end) and _repair(doc, m, table, acronyms)
    ]
    _resolve_people(mentions)
    mentions = _without_overlaps(mentions + _descriptor_mentions(text, mentions, table))
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
