"""Whether a font's default shaping of a Latin line is pairwise, read from its tables.

``glyphs.py`` puts Latin lines together from cached glyphs and pair advances. That
is exact only if the shaper (HarfBuzz, through raqm and Pillow) does nothing a pair
of neighbouring characters does not show. This module reads the font's OpenType
tables with fontTools and says so, conservatively: any lookup, table or language
system it does not understand makes the answer "no", and the line goes to Pillow.

Allowed, in the features HarfBuzz turns on by default:
- single substitutions (a glyph swapped for another, whatever its neighbours);
- ligatures of our characters, in lookups that share no glyph (so their order
  cannot matter), and not of glyphs a substitution makes;
- pair kerning that changes only the first glyph's advance, never the space's;
- mark attachment, as long as none of our characters' glyphs is a mark.
"""

from __future__ import annotations

import locale
from functools import lru_cache
from typing import Any

from thoughtful.share.cards import fonts

# The OpenType features HarfBuzz applies to a horizontal line by default (a font's
# other features stay off unless asked for, and Pillow asks for none).
DEFAULT_FEATURES = frozenset(
    "rvrn ltra ltrm rand trak ccmp locl rlig calt clig liga rclt curs dist kern mark mkmk "
    "abvm blwm".split()
)

# OpenType language systems HarfBuzz picks only for these languages, and the
# languages (ISO 639) that map to them; a tag not listed counts as possibly in use.
_LANGUAGE_SYSTEMS = {
    "JAN ": {"ja"}, "KOR ": {"ko"},
    "ZHS ": {"zh", "cmn", "yue", "nan", "hak", "wuu", "gan", "hsn", "cdo", "cjy", "lzh"},
    "ZHT ": {"zh", "cmn", "yue", "nan", "hak", "wuu", "gan", "hsn", "cdo", "cjy", "lzh"},
    "ZHH ": {"zh", "yue"}, "ZHP ": {"zh"},
    "TRK ": {"tr"}, "AZE ": {"az"}, "CRT ": {"crh"}, "ROM ": {"ro"}, "MOL ": {"mo", "ro"},
    "NLD ": {"nl"}, "CAT ": {"ca"}, "PLK ": {"pl"}, "DEU ": {"de"}, "ENG ": {"en"},
    "FRA ": {"fr"}, "ESP ": {"es"}, "ITA ": {"it"}, "SRB ": {"sr"}, "MKD ": {"mk"},
}


def latin_or_common(char: str) -> bool:
    """Characters whose shaping glyphs.py knows: Latin letters (accents precomposed),
    figures, the space and the punctuation of English and European titles."""
    code = ord(char)
    return 0x20 <= code <= 0x7E or 0xC0 <= code <= 0x17F or char in "¡«»¿·–—‘’‚“”„•…′″°±"


@fonts.cleared_with_fonts
@lru_cache(maxsize=16)
def pairwise_ligatures(path: str) -> dict[str, list[str]] | None:
    """The ligatures the font at ``path`` makes by default, as character sequences
    under their first character (in the font's order), if its default shaping of a
    Latin line is pairwise; None if it is not, or if that cannot be told."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as tt:
        return _ligatures(tt)


def _ligatures(tt: Any) -> dict[str, list[str]] | None:
    # Other ways a shaper moves or swaps glyphs: legacy and AAT tables, variations.
    if any(tag in tt for tag in ("kern", "kerx", "trak", "morx", "mort")):
        return None
    if any(getattr(tt[tag].table, "FeatureVariations", None)
           for tag in ("GSUB", "GPOS") if tag in tt):
        return None
    cmap = tt.getBestCmap()
    chars: dict[str, list[str]] = {}  # glyph -> our characters that it draws
    for code, glyph in sorted(cmap.items()):
        if latin_or_common(chr(code)):
            chars.setdefault(glyph, []).append(chr(code))
    space = cmap.get(0x20)
    if space is None:
        return None

    substitutions: list[dict[str, str]] = []
    lookups: dict[int, list[Any]] = {}  # ligature lookup -> its (glyphs, ligature) pairs
    for index, kind, table in _default_lookups(tt, "GSUB"):
        if kind == 1:
            substitutions.append(table.mapping)
        elif kind == 4:
            lookups.setdefault(index, []).extend(
                ((first, *entry.Component), entry.LigGlyph)
                for first, entries in table.ligatures.items() for entry in entries)
        else:
            return None  # contextual, multiple or alternate substitution: not pairwise

    # Every glyph a line of ours can come to hold.
    reachable = set(chars)
    while True:
        grown = set(reachable)
        for mapping in substitutions:
            grown.update(new for old, new in mapping.items() if old in reachable)
        for entries in lookups.values():
            grown.update(made for glyphs, made in entries if set(glyphs) <= reachable)
        if grown == reachable:
            break
        reachable = grown

    ligatures: dict[str, list[str]] = {}
    used_by: dict[str, int] = {}  # glyph -> the ligature lookup that takes it
    substituted = {glyph for mapping in substitutions for pair in mapping.items()
                   for glyph in pair}
    for index, entries in lookups.items():
        for glyphs, _ in entries:
            if not set(glyphs) <= reachable:
                continue  # needs a glyph (a combining mark) no line of ours holds
            if not all(len(chars.get(glyph, ())) == 1 for glyph in glyphs):
                return None  # made from substituted glyphs, or from a glyph two characters share
            if substituted & set(glyphs):
                return None  # a substitution could make or stop it: lookup order matters
            if any(used_by.setdefault(glyph, index) != index for glyph in glyphs):
                return None  # two ligature lookups share a glyph: their order matters
            text = "".join(chars[glyph][0] for glyph in glyphs)
            ligatures.setdefault(text[0], []).append(text)

    for _, kind, table in _default_lookups(tt, "GPOS"):
        if kind in (4, 5, 6):  # mark attachment moves only glyphs its mark coverage lists
            coverage = table.Mark1Coverage if kind == 6 else table.MarkCoverage
            if reachable & set(coverage.glyphs):
                return None
        elif kind != 2 or not _advances_only(table) or _kerns(table, space):
            return None
    if "GDEF" in tt and tt["GDEF"].table.GlyphClassDef:
        classes = tt["GDEF"].table.GlyphClassDef.classDefs
        if any(classes.get(glyph) == 3 for glyph in reachable):
            return None  # a glyph of ours is a mark: the shaper may zero its advance
    return ligatures


def _default_lookups(tt: Any, tag: str) -> list[tuple[int, int, Any]]:
    """(lookup index, type, subtable) of every lookup that a default feature of the DFLT
    or latn script uses, in lookup order, for the language systems this process may use."""
    if tag not in tt:
        return []
    table = tt[tag].table
    indexes: set[int] = set()
    for record in table.ScriptList.ScriptRecord:
        if record.ScriptTag not in ("DFLT", "latn"):
            continue
        systems = [record.Script.DefaultLangSys] if record.Script.DefaultLangSys else []
        systems += [lang.LangSys for lang in record.Script.LangSysRecord
                    if may_be_selected(lang.LangSysTag)]
        for system in systems:
            features = list(system.FeatureIndex)
            if system.ReqFeatureIndex != 0xFFFF:
                features.append(system.ReqFeatureIndex)  # required: always applied
            for index in features:
                feature = table.FeatureList.FeatureRecord[index]
                if feature.FeatureTag in DEFAULT_FEATURES or index == system.ReqFeatureIndex:
                    indexes.update(feature.Feature.LookupListIndex)
    found = []
    for index in sorted(indexes):
        lookup = table.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            kind = lookup.LookupType
            if (tag == "GSUB" and kind == 7) or (tag == "GPOS" and kind == 9):
                sub, kind = sub.ExtSubTable, sub.ExtSubTable.LookupType
            found.append((index, kind, sub))
    return found


@lru_cache(maxsize=1)
def _process_locale() -> str:
    # HarfBuzz reads the C library's LC_CTYPE once, at its first line, and keeps it.
    return locale.setlocale(locale.LC_CTYPE)


def may_be_selected(tag: str, locale_name: str | None = None) -> bool:
    """Whether HarfBuzz may shape with language system ``tag`` under ``locale_name``
    (default: this process's LC_CTYPE as first seen).

    Pillow passes no language, so HarfBuzz takes the locale's; a language system for
    another language is never used. Tags not known here count as used.
    """
    name = (locale_name or _process_locale()).split(".")[0].split("@")[0].split("_")[0]
    if name.lower() in ("c", "posix", ""):
        return False
    return name.lower() in _LANGUAGE_SYSTEMS.get(tag, {name.lower()})


def _advances_only(pair: Any) -> bool:
    """Pair kerning that only changes the first glyph's advance (no shifts, no second value)."""
    return pair.ValueFormat1 & ~0x0004 == 0 and pair.ValueFormat2 == 0


def _kerns(pair: Any, glyph: str) -> bool:
    """Whether the pair subtable gives ``glyph`` any adjustment, first or second."""
    if glyph in pair.Coverage.glyphs:
        return True
    if pair.Format == 1:
        return any(record.SecondGlyph == glyph
                   for pair_set in pair.PairSet for record in pair_set.PairValueRecord)
    second = pair.ClassDef2.classDefs.get(glyph, 0)
    return any(getattr(record.Class2Record[second].Value1, "XAdvance", 0)
               for record in pair.Class1Record)
