"""The phrase that names what a figure measures, as written.

Press releases put the thing measured on either side of the number:

    建成名医基层工作站102个        the object before it, after the verb: 名医基层工作站
    城镇新增就业3.2万人            the whole phrase before it: 城镇新增就业
    派出353名名医专家              after it, when a verb stands right before: 名医专家
    全市97.16%的乡镇卫生院达标      after 的: 乡镇卫生院达标
    3300名师生参加                 after it, when nothing names it before: 师生参加
    养老、医疗、失业保险参保人数分别为…  the list item that belongs to each number

Scope and time words (全市, 目前, 今年以来), adverbs (已, 累计, 共) and the
link to the number (达, 为, 达到, 分别达) are not part of the subject.
"""

from __future__ import annotations

import re

from zibo_analysis.facts.text import Layout, flat
from zibo_analysis.quantities import Quantity

__all__ = ["subject_of", "subject_in", "list_items"]

# Verbs that take the measured thing as their object (建成…个, 派出…名).
VERBS = sorted(
    """建成 建立 建设 新建 设立 增设 组建 成立 打造 形成 创建 获批 认定 评为 派出 选派 派驻 培训 培养
    引进 新引进 引培 招聘 安置 聘请 遴选 发放 拨付 减免 优惠 节约 推荐 帮助 服务 惠及 开展 举办 组织
    完成 改造 实施 签发 接种 检测 消毒 处置 追踪 摸排 登记 收集 走访 监督 查处 立案查处 抽检 配备
    拥有 共有 提供 制作 制定 出动 解决 达成 实现 申请 投入 纳入 入选 覆盖 吸纳 带动 新增 增加 救治
    筛查 诊疗 治疗 接诊 救助 资助 补贴 培育 创成 获评 举行 召开 下达 落实 支付 结算 报销 办理
    受理 办结 调解 发布 印发 出台 明确 部署 通过 牵头 带领 组织了 建 有 为 对 向 给 从 同 与 派 选 设 聘 办
    达""".split(),
    key=len,
    reverse=True,
)
_VERB = "|".join(VERBS)
_LEAD = re.compile(
    r"^(?:其中|同时|此外|另外|另|并|而|且|还|已经|已|累计|共计|总计|共|目前|当前|截至目前|全年|今年|"
    r"先后|分别|合计|均|都|再|全市|全区|全县|全省|全国|本市|辖区|我市|我区|全部|一共|从|由|自|对|向|给|"
    r"力争|争取|确保|计划|预计|拟|将|要|"
    r"[、，,和及与])+"
)
# What links a subject to its figure (达, 为, 同比增长, 与…相比). The qualifiers the extractor
# keeps with the figure (约, 近, 超过, 不少于) are not here: 签约126万人 is 签约, not 签.
_LINK = re.compile(
    r"(?:分别|均|共|合计|总计|累计|已|已经|达到了|达到|达|为|是|至|到|计|提升至|提升到|"
    r"提高至|提高到|增长至|增长到|增长|增加|提高|提升|下降|降低|减少|上升|同比|比上年|比去年|较上年|"
    r"(?:与|同|较|和)[^，,。；;、]{1,10}?相比|相比|占比|占|有|的|控制在|保持在|稳定在|维持在|由|从|"
    r"[0-9]{4}年(?:末|底)?|[（(【\[]|(?:比|较|与)(?:去年|上年|上月|上季度)(?:同期)?(?:相比)?)+$"
)
# Predicates that end the noun phrase after a number (3300名师生参加); nouns such as 服务 or
# 培训 (社区卫生服务中心, 业务培训) do not.
_AFTER_STOP = re.compile(
    "参加|参与|签订|享受|获得|接受|受益|入住|实现|完成|达到|提供|开展|进行|纳入|发放|组建|建立|建成|"
    "设立|成立|派出|选派|引进|招聘|帮助|通过|就业|实行|实施|将|已|被|到|在|于"
)
_JOINED = re.compile("参加|参与")
# What institutions do that picks those counted among them (37家医院派出…)
ACTS = "派出|选派|实现|完成|达到|提供|开展|组建|建立|建成|设立|成立|引进|招聘|纳入|实施|实行"
_ACTS = re.compile(ACTS)
_INSTITUTION_UNITS = {"家", "所"}
# A scope of level alone (市级2个) names no thing: the thing is the list's.
_LEVEL_ONLY = re.compile(r"(?:国家|省|市|区|县|镇|村|校|院)级")
_LEVEL_LEAD = re.compile(r"^(?:国家|省|市|区|县|镇|村|校|院)级")
_GENERIC = {"人", "人员", "名", "企业", "单位", "机构", "家庭", "群众", "户", "个", "家"}
_NEXT_UNIT = re.compile(r"^[万亿千余多]*(?:人次|剂次|个|名|人|家|户|次|项|张|处|批)")
_ENDS_IN_VERB = re.compile(rf"(?:{_VERB})了?$")
_VERB_REACH = max(map(len, VERBS)) + len("了") + 1  # and a line break before ``$``
_SINCE = re.compile(r"^.*?(?:以来|为止)")
_VERB_LEAD = re.compile(
    rf"(?:将|计划|力争|拟|预计|要|再)?(?:已|累计|共|新)?(?:{_VERB})了?[和及与、]?"
)
_LIST_SPLIT = re.compile(r"、|和|以及|及(?!以上|以下|其)|与")


def subject_of(
    clause: str,
    q_start: int,
    q_end: int,
    prev_end: int = 0,
    next_start: int | None = None,
    places: tuple[str, ...] = (),
    acting: bool = False,
) -> str:
    """The subject of the figure at ``clause[q_start:q_end]``.

    ``acting``: the figure counts institutions (家, 所), so that a verb after their noun says
    which of them are counted (37家医院派出…: 医院派出).

    ``prev_end`` and ``next_start`` bound it by the quantities next to it in the clause;
    ``places`` are the place names of the clause, which are not part of a subject.

    >>> subject_of("建成名医基层工作站102个", 9, 13)
    '名医基层工作站'
    >>> subject_of("全市37家二级以上医院派出353名名医专家", 13, 17, prev_end=5)
    '名医专家'
    >>> subject_of("淄博市实现城镇新增就业5.53万人", 11, 17, places=("淄博市",))
    '城镇新增就业'
    """
    raw_left = flat(clause[prev_end:q_start])
    left = "" if raw_left.endswith("、") else _trim_left(raw_left, places)  # 30个A、17个B
    if next_start is not None and next_start - q_end <= 1:  # 3376批9745名…: the noun after both
        right_raw = _past_first_han(clause[next_start:])
        right_raw = _NEXT_UNIT.sub("", right_raw)
    else:
        right_raw = clause[q_end : next_start if next_start is not None else len(clause)]
    right = flat(right_raw).rstrip("，,。；;：:、）)")
    if left and not _ENDS_IN_VERB.search(left[-_VERB_REACH:]):
        return _drop_verb(left)
    if right.startswith("的"):
        return right[1:] or _drop_verb(left)
    if not right:
        return _drop_verb(left)
    if _AFTER_STOP.match(right):  # 3806人实现就业: what they did is the subject
        return right
    of = right.find("的")
    cut = _AFTER_STOP.search(right, of + 2 if 0 < of < 12 else 1)  # 来淄就业的高校毕业生
    if cut and _JOINED.match(cut.group()) and len(right) - cut.end() >= 2:
        return right  # 3.1万名高校毕业生参加就业见习: those who took part in it are counted
    if cut and acting and _ACTS.fullmatch(cut.group()) and cut.start() >= 2:
        return right[: cut.end()]  # 37家二级以上医院派出…: the hospitals that sent, not all of them
    noun = right[: cut.start()] if cut else right
    if len(noun) < 2 or noun in _GENERIC:
        return right
    return noun


_DATE_LEAD = re.compile(
    r"^(?:(?:截至|截止|到)?[0-9一二三四五六七八九十〇零—－\-~至]*[年月日号][底末份初内]?前?)+"
)


def _trim_left(left: str, places: tuple[str, ...] = ()) -> str:
    left = _SINCE.sub("", left)  # 今年以来, 10月17日以来
    for _ in range(3):  # 力争到2025年底, 全市今年, 黄岛区1—8月: in any order
        was = left
        left = _LEAD.sub("", _DATE_LEAD.sub("", left))
        for place in places:
            left = left.removeprefix(place)
        if left == was:
            break
    if left in places:
        return ""
    # The pattern takes the longest end of the phrase made of linking words, so a second pass
    # finds none, unless the phrase breaks its line (``$`` also stands before a final \n).
    for _ in range(3 if "\n" in left else 1):
        left = _LINK.sub("", left)
    return left.strip("（）()【】[]，,、：:；;")


def _drop_verb(phrase: str) -> str:
    """建成名医基层工作站 -> 名医基层工作站, keeping a phrase that is all verb."""
    m = _VERB_LEAD.match(phrase)
    if m and len(phrase) - m.end() >= 2:
        return phrase[m.end() :]
    return phrase


def list_items(head: str, n: int) -> list[str] | None:
    """The ``n`` items of a list head (养老、医疗、失业保险参保人数) or None if it has not ``n``.

    >>> list_items("职工养老、医疗、失业保险参保人数", 3)
    ['职工养老', '医疗', '失业保险参保人数']
    >>> list_items("在职和退休人员年报销额度", 2)
    ['在职', '退休人员年报销额度']
    >>> list_items("12~17岁、18岁及以上人群接种率", 2)
    ['12~17岁', '18岁及以上人群接种率']
    """
    items = [i for i in _LIST_SPLIT.split(_trim_left(head)) if i]
    return items if len(items) == n else None


def _earlier_list(simple: str, c0: int, quantities, layout: Layout, n: int):
    """The head and items of the list of ``n`` figures with 分别 before clause ``c0`` in its
    sentence, or ("", None)."""
    sentence = layout.sentence(c0)
    at = simple.rfind("分别", sentence[0], c0)
    if at < 0:
        return "", None
    start, end = layout.clause(at)
    listed = [p for p in quantities if at < p.start and p.end <= end]
    if len(listed) != n:
        return "", None
    head = simple[start:at]
    return head, list_items(head, n)


def _completed(items: list[str]) -> list[str]:
    """The items of a list whose last one carries what they share, each with it: 基本养老、失业、
    工伤保险参保人数 -> 基本养老保险参保人数, 失业保险参保人数, 工伤保险参保人数 (the last item's
    first word taken as long as the item before it).

    >>> _completed(["基本养老", "失业", "工伤保险参保人数"])
    ['基本养老保险参保人数', '失业保险参保人数', '工伤保险参保人数']
    >>> _completed(["12~17岁", "18岁及以上人群接种率"])
    ['12~17岁', '18岁及以上人群接种率']
    """
    *short, last = items
    width = len(short[-1]) if short else 0
    if not short or any(len(i) > 4 or not _all_han(i) for i in short):
        return items
    if len(last) < width + 2 or not _all_han(last):
        return items
    tail = last[width:]
    return [i if i.endswith(tail) else i + tail for i in short] + [last]


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _all_han(text: str) -> bool:
    return bool(text) and all(map(_is_han, text))


def _past_first_han(text: str) -> str:
    """``text`` after its first Han character (3376批9745名: what follows the next figure's unit).
    Written without a pattern: a class of the Han block costs 2 ms to compile at every start."""
    at = next((i for i, ch in enumerate(text) if _is_han(ch)), len(text) - 1)
    return text[at + 1 :]


# The accounts of a fund, listed after its name: 收入, 支出, 结余 (总支出, 累计结余)
_ACCOUNT = re.compile(r"(?:总|累计)?(?P<word>收入|支出|结余|结存|余额)")
_ACCOUNT_END = re.compile(r"(?:总|累计)?(?:收入|支出|结余|结存|余额)$")
_COMPLETION = re.compile(r"(?:完成|实现)[^，,。；;、]{0,8}(?:目标|任务|计划)(?:任务)?的?$")
_RATES = ("percent", "per_mille", "per_100k", "percentage_point")


def _same_measure(a: Quantity, b: Quantity) -> bool:
    """Whether two figures can be of one measure: both rates, or both counts of one unit."""
    if b.unit == "percentage_point":
        return a.unit == "percent"
    return a.unit == b.unit or (a.unit in _RATES) == (b.unit in _RATES) and b.unit in _RATES


def subject_in(
    simple: str,
    q: Quantity,
    quantities: list[Quantity],
    layout: Layout,
    mentions,
    depth: int = 0,
    memo: dict | None = None,
) -> tuple[str, str]:
    """The subject of ``q`` and the clause it is read in; a figure whose own words only link
    it to another (比上年增加37867个, 增加到2023年7.23张) takes the subject of the one before it.
    ``memo``, a dict kept for one text, keeps each figure's subject for the figures after it."""
    if memo is None:
        return _subject_in(simple, q, quantities, layout, mentions, depth, None)
    found = memo.get((q.start, depth))
    if found is None:
        found = memo[q.start, depth] = _subject_in(
            simple, q, quantities, layout, mentions, depth, memo
        )
    return found


def _subject_in(simple, q, quantities, layout, mentions, depth, memo) -> tuple[str, str]:
    c0, c1 = layout.clause(q.start)
    text = simple[c0:c1]
    places = tuple(m.word for m in mentions if c0 <= m.start < c1)
    prev = next((p for p in reversed(quantities) if c0 <= p.start and p.end <= q.start), None)
    nxt = next((n for n in quantities if q.end <= n.start and n.end <= c1), None)
    context = flat(text)
    split = text.find("分别")
    if 0 <= split < q.start - c0:
        listed = [p for p in quantities if c0 + split < p.start and p.end <= c1]
        head = text[:split]
        items = list_items(head, len(listed))
        if not items and not _trim_left(flat(head)):  # …分别为A、B、C，分别比上年末增加a、b、c
            head, items = _earlier_list(simple, c0, quantities, layout, len(listed))
        if items and q in listed:
            item = _completed(items)[listed.index(q)]
            return item, item + flat(head)
    subject = subject_of(
        text,
        q.start - c0,
        q.end - c0,
        prev.end - c0 if prev else 0,
        nxt.start - c0 if nxt else None,
        places,
        q.unit in _INSTITUTION_UNITS,
    )
    sentence = layout.sentence(q.start)
    earlier = [
        p for p in quantities if sentence[0] <= p.start and p.end <= q.start and p.start != q.start
    ]
    if depth < 3 and q.unit == "percent" and earlier and _COMPLETION.search(simple, c0, q.start):
        # 城镇新增就业78.4万人，完成年度目标任务的87.1%: the completion of the goal of the figure
        # before it
        done = next((p for p in reversed(earlier) if p.unit != "percent"), None)
        if done is not None:
            level = subject_in(simple, done, quantities, layout, mentions, depth + 1, memo)[0]
            subject = f"{level}目标完成率"
            return subject, context + subject
    if depth < 3 and earlier and (word := _ACCOUNT.fullmatch(subject)):
        # 基金收入1316亿元，支出812亿元 / 总收入…，总支出…，累计结余…: the fund of the figure before
        before = subject_in(simple, earlier[-1], quantities, layout, mentions, depth + 1, memo)[0]
        if stem := _ACCOUNT_END.search(before):
            subject = before[: stem.start()] + word.group("word")
            return subject, context + subject
    if depth < 3 and earlier and 0 < len(subject) <= 3:  # 技工院校2518所，在校生443万人
        before = subject_in(simple, earlier[-1], quantities, layout, mentions, depth + 1, memo)[0]
        if before and before not in context:
            context += before
    if (not subject or _LEVEL_ONLY.fullmatch(subject)) and depth < 3:
        level = subject
        # the figure before it of its own measure (同比增加2.3万人 after 完成…的87.1%: of the
        # 78.4万人 before that), else the one just before
        before = next((p for p in reversed(earlier) if _same_measure(p, q)), None) or (
            earlier[-1] if earlier else None
        )
        if before is not None and before.start != q.start:
            subject = subject_in(simple, before, quantities, layout, mentions, depth + 1, memo)[0]
            if level:  # 国家级5个、省级18个、市级2个: the noun of the list, at this level
                subject = level + _LEVEL_LEAD.sub("", subject)
        else:
            subject = subject or level
    return subject, context + (subject if subject not in context else "")
