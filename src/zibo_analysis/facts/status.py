"""Whether a figure is a result or a goal, and what kind of measure it is.

Status: ``target`` for a goal, plan or standing rule, else ``actual``.
A goal is announced (力争, 计划, 确保, 目标, 将 before a verb, 到2025年底,
年内, 年底前, 控制在); a rule sets a floor or a ceiling (每年…不少于10名,
不低于, 至少). The words count from the start of the sentence up to the
figure, unless a clause in between reports what is done (已, 累计, 目前,
截至): ``计划新建19处，目前第一批7处已建设完成`` gives 7 as actual. Progress
against a plan (完成年度计划的74.5%) and a comparison with a goal
(低于省控目标1.3个百分点) are actual; a figure that is itself the goal's
value (高于省确定的15%的标准率, 控制在4%的目标内) is a target.

A cap or a floor written next to a measured figure (城镇登记失业率2.43%，保持在4%以内;
控制在5%以下; 不低于90%; 不超过3天) is the target that figure is held to, not a second
measurement: ``held_to`` finds it, and the bound stays its qualifier (at most 4%).

Kind: ``rate`` for shares (%, ‰, /10万), ``change`` for differences
(同比增长3.2%, 提高5个百分点, 比上年多120人, 增长1770人次), ``ratio`` for
per-head figures (每千人口, 人均), ``cumulative`` for running totals (累计,
or a total since a start that is not the year's), ``flow`` for what happened
within a period (1—10月, 今年以来, 2020年, 新增, 每年), else ``stock``.

Sign: a change is negative when its words say the figure fell (同比减少3.2%, 下降9个百分点,
比上年减少0.29万人次, 低于省控目标1.3个百分点, 下跌, 年减, 降幅为, 录得1.7%的跌幅), positive when
they say it rose or say nothing (同比增长, 增加, 提高, 上涨, 增幅); ``change_sign`` reads them. In
a pair (分别下降8%和6.5%) the second figure is a change too. The figure stays as printed.
"""

from __future__ import annotations

import re

from zibo_analysis.facts.subject import VERBS
from zibo_analysis.facts.text import CLAUSE_END
from zibo_analysis.facts.time import TimeRef
from zibo_analysis.hanzi import to_simplified
from zibo_analysis.quantities import RATE_SCALE, Quantity

__all__ = [
    "status_of",
    "kind_of",
    "change_sign",
    "change_sign_at",
    "change_base",
    "held_to",
    "CAP_WORDS",
    "held_over",
]

# Verbs that make 将 a future tense (将设立), not the object marker (将预约时段精确至…).
_FUTURE_VERBS = (
    "达|建|新|增|设|实现|完成|开|提|扩|覆|突|投|启|引|培|组|举|打|降|减|控|形成|获|改|配|再|进一步|逐步|全面|"
    "继续|力争|于|要|会|有|超|惠|带|吸|陆续|持续|重点|全部|累计|按|用|争"
)
_GOAL = re.compile(
    rf"力争|争取|(?<![”」』])计划(?![，,。；;、”」』）)\s的]|生育|单列)|拟(?!定)|预计|确保|力求|目标(?!人群|群体|人口|任务完成)"
    rf"|(?<![即必终])将(?:{_FUTURE_VERBS})|要(?=达到|实现|完成|确保|力争|建成|新建|新增)|控制在"
)
_RULE = re.compile(
    r"每(?:年|月|个月|周|季度|天|日|人|名|户)[^，,。；;]{0,14}(?:不少于|至少|不低于|不超过|不高于|不得)"
)
_FLOOR = re.compile(r"(?:不少于|不低于|至少|不超过|不高于|不得超过)$")
_DONE = re.compile(
    r"已(?!经?(?:列入|纳入计划))|已经|累计|目前|截至|截止|现有|共有|完成了|建成了|实现了"
)
_PROGRESS = re.compile(
    r"(?:完成|达到|实现|占)[^，,。；;]{0,8}(?:计划|目标|任务)[^，,。；;]{0,4}的?$"
    r"|(?:低于|高于|超过|超出|优于|好于|少于|多于)[^，,。；;]{0,8}(?:目标|标准|计划|控制线)$"
)
_GAP = re.compile(r"低于|高于|超过|超出|优于|好于|比")  # 低于全年控制目标0.4个百分点: a gap
_GOAL_VALUE = re.compile(r"(?:目标|目标任务|任务|计划)(?:数|为|是)?$")
_MET = re.compile(r"完成|实现|达到|低于|高于|超过|超出|优于|好于|比")
_VALUE_OF_GOAL = re.compile(r"(?:的)?(?:目标|标准|任务|指标|控制线|要求)")  # after the figure


def status_of(
    text: str,
    q_start: int,
    q_end: int,
    sentence: tuple[int, int],
    clauses: list[tuple[int, int]],
    time: TimeRef | None,
    qualifier_words: str,
    memo: dict | None = None,
) -> tuple[str, str]:
    """``("target" | "actual", the words that decided)`` for the figure at ``q_start``.

    ``clauses`` are the clauses of the sentence up to and including the figure's. ``memo``, a
    dict kept for one text, keeps what each whole clause says (figures share their clauses).
    """
    clause_start = clauses[-1][0] if clauses else sentence[0]
    own = text[clause_start:q_start]
    tail = own[-_GOAL_VALUE_REACH:]  # an end-anchored pattern searched where it can end
    if (m := _GOAL_VALUE.search(tail)) and not _GAP.search(own):
        return "target", m.group()  # 完成年目标任务12500人的98.5%: 12500 is the goal's amount
    if m := _PROGRESS.search(own[-_PROGRESS_REACH:]):
        return "actual", m.group()
    if qualifier_words == "控制在":  # the extractor keeps 控制在 with the figure: 控制在5.5%以内
        return "target", qualifier_words
    if m := _VALUE_OF_GOAL.match(text, q_end, min(sentence[1], q_end + 6)):
        if _SET_BY.search(text[max(sentence[0], q_start - 12) : q_start]):
            return "target", m.group()
    if time is not None and time.role == "due" and not _DONE.search(own):
        return "target", time.text
    rest = _REST.match(text, q_end, sentence[1]).group()
    if (m := _GOAL.search(rest)) and not _DONE.search(own + rest):
        return "target", m.group()  # 90%的二级以上医院将设立心理门诊
    # goal words count back to the last clause that reports what is done
    memo = {} if memo is None else memo
    for start, end in reversed(clauses):
        if start == clause_start:
            said = _said(text[start:q_start])
        elif (said := memo.get((start, end))) is None:
            said = memo[start, end] = _said(text[start:end])
        done, goal = said
        if goal is not None and (done is None or done.start() < goal.start()):
            return "target", goal.group()
        if done is not None:
            return "actual", done.group()
    if _FLOOR.search(qualifier_words):
        return "target", qualifier_words  # 不少于3天 as a standing rule
    return "actual", ""


_MET_REACH = 12  # 完成全年2.9万人目标: how far before a goal's word 完成 or 低于 may stand


def _said(piece: str) -> tuple[re.Match | None, re.Match | None]:
    """The first words of ``piece`` that report what is done, and its last goal words not
    measured against (已超额完成全年目标任务, 低于省控目标: measured against a goal)."""
    goals = [
        g
        for g in [*_GOAL.finditer(piece), *_RULE.finditer(piece)]
        if not _MET.search(piece, max(0, g.start() - _MET_REACH), g.start())
    ]
    return _DONE.search(piece), max(goals, key=lambda g: g.start()) if goals else None


_SET_BY = re.compile(r"高于|低于|超过|确定|规定|设定|下达|控制在|的$")
_REST = re.compile(r"[^，,。；;：:！？!?\n]*")
# The longest text the end-anchored patterns match: searched in that much of the end of a
# clause, not from its start (the same match, in a twentieth of the time on long clauses).
# One more for the line break ``$`` may stand before.
_GOAL_VALUE_REACH = len("目标任务为") + 1
_PROGRESS_REACH = len("完成") + 8 + len("计划") + 4 + len("的") + 1


_CHANGE = re.compile(
    r"(?:(?:同比|环比|比上年|比去年|较上年|较去年|相比|比)?(?:增长|增加|提高|上升|下降|降低|减少|下跌|上涨|多|少|增)了?"
    r"|(?:同比|环比|比上年|比去年|较上年|较去年|相比|年|比)(?:减|降)"  # 年减0.4张, not 核减 or 降至
    r"|(?:增幅|降幅|跌幅|涨幅|减幅)(?:为|达到|达|是)?)$"
)
# The size of a rise or fall written after the figure: 录得1.7%的跌幅.
_SIZE_AFTER = re.compile(
    r"[0-9０-９.．,，]+\s*(?:%|％|‰|个百分点)?的(?:(降幅|跌幅|减幅)|(增幅|涨幅|升幅))"
)
_LEVEL_VERBS = re.compile(r"(?:提升|提高|增长|增加|上升|下降|降低|减少)(?:至|到)了?$")
_RATIO = re.compile(r"每(?:千|万|十万|百|百万)(?:人|人口|常住人口|名|户)|人均|户均|平均|次均")
_CUMULATIVE = re.compile(r"累计|总计|共计")
# A level: what there is (现有, 共有, 拥有) whatever the time; what has been built or reached
# (建成, 达到) when no period is named.
_HELD = re.compile(r"现有|共有|拥有|保有|总数|总量|年末|年底")
_REACHED = re.compile(r"建成|达到|达")
# What was done (发放, 开展, 完成, 培训): counted over a period, the period the text names or
# the year so far; under 截至 with 共 or 已 it is a running total.
_NAME_AFTER = (
    "(?!中心|站|机构|基地|网点|平台|窗口)"  # 社区卫生服务中心, 体检中心: a name, not a deed
)
_DONE_VERBS = re.compile(
    r"(?:发放|开展|完成|举办|组织|培训|招聘|救助|资助|办理|接种|提供|帮助|帮扶|扶持|带动|引进|改造|"
    r"新建|诊疗|筛查|体检|结算|追讨|查处|受理|调解|派出|选派|服务|惠及|实现|吸纳|安置|减免|拨付|支出|"
    r"收入|签发|检测|走访|推荐|开发)" + _NAME_AFTER
)
# A fund's balance: 累计结存 is what it holds (a level), 当期结存 the period's surplus (a flow).
_BALANCE = re.compile(r"(?:累计|滚存)(?:结存|结余)")
_PERIOD_SURPLUS = re.compile(r"当期(?:结存|结余)|当年(?:结存|结余)")
_FLOW_WORDS = re.compile(
    r"新增|新建|新引进|新招|新开|全年|每年|每月|每个月|年内|当天|当日|再(?:建|新增|增|开|培)"
)
_LISTED = re.compile(r"(?:[0-9.０-９．]+[万亿千]*[^、，,。；;0-9]{0,3}[、和及与])+$")
# What people hold or belong to: a level at a date, whatever period the sentence names.
_MEMBERS = re.compile(r"参保|在校|持卡|余额|结存|结余")
_NEW = re.compile(r"新增|新参保|净增")
_THINGS = {"家", "个", "所", "处", "张", "座", "间", "台", "套", "支"}  # institutions, places, beds
_ANY_VERB = re.compile(f"(?:{'|'.join(VERBS)}){_NAME_AFTER}")
_PER_ACT_UNITS = {"人次", "剂次", "次", "家次", "户次", "场次", "场", "期"}


def kind_of(
    text: str,
    q_start: int,
    clause: tuple[int, int],
    unit: str,
    time: TimeRef | None,
    carried: bool = False,
    sentence_start: int | None = None,
) -> tuple[str, str]:
    """``(kind, the words that decided)`` for the figure at ``q_start``; the words are ""
    when nothing said and a level is assumed.

    A share is a rate, a figure per head a ratio, a difference a change. Otherwise the words
    about time decide: 累计 (or 截至 … 共/已 with a verb of doing) makes a running total;
    现有, 共有, 年末 a level; a period (1—10月, 上半年, 今年以来, 全年, 新增, 年内) or a
    verb of doing (发放, 开展, 完成, 培训) or a count of acts (人次, 剂次) a flow; 建成 or 达到
    with no period a level. Members and holdings (参保人数, 在校生, 余额, 结余) are levels
    whatever the period. A period ``carried`` over from an earlier sentence makes a flow only of
    what its own words say is done or counted in acts (全年…。全市定点医疗机构2138家 is a level).
    Under 截至, figures listed after a 累计 of their sentence (``sentence_start``) are running
    totals too.
    """
    own = text[clause[0] : q_start]
    tail = _LISTED.sub("", own)[
        -12:
    ]  # 分别比上年末增加1290万人、610万人、: the words before the list
    if unit == "percentage_point":
        return "change", "个百分点"
    if (m := _CHANGE.search(tail)) and not _LEVEL_VERBS.search(tail):
        return "change", m.group()
    if m := _SIZE_AFTER.match(text, q_start):
        return "change", m.group(1) or m.group(2)
    if unit == "percent" and (m := _PROGRESS.search(own[-_PROGRESS_REACH:])):
        return "ratio", m.group()  # 完成年度目标任务的87.1%: a ratio that may pass 100%
    if unit in RATE_SCALE:
        return "rate", unit
    if m := _RATIO.search(own):
        return "ratio", m.group()
    if m := _BALANCE.search(own):
        return "stock", m.group()
    if m := _PERIOD_SURPLUS.search(own):
        return "flow", m.group()
    if m := _CUMULATIVE.search(own):
        return "cumulative", m.group()
    if unit in _PER_ACT_UNITS and _HELD.search(own):
        return "flow", unit  # 共有2万人次求诊: acts are counted over a period, never held
    if m := _HELD.search(own):
        return "stock", m.group()
    if (m := _MEMBERS.search(own)) and not _NEW.search(own, 0, m.start()):
        return "stock", m.group()
    done = _DONE_VERBS.search(own)
    if (
        time is not None
        and sentence_start is not None
        and time.text.startswith(("截至", "截止"))
        and (m := _CUMULATIVE.search(text, sentence_start, clause[0]))
    ):
        return "cumulative", f"{time.text}…{m.group()}"  # 截至…，全市累计接种…，其中完成全程接种…
    if carried and time is not None and time.role in ("since", "period") and unit in _THINGS:
        if not (done or _FLOW_WORDS.search(own) or _ANY_VERB.search(own)):
            return "stock", f"{time.text} of an earlier sentence, no verb"
    if time is not None and time.role == "since":
        if time.period_start and (time.period_start.month, time.period_start.day) != (1, 1):
            return "cumulative", time.text
        return "flow", time.text
    if time is not None and time.role == "period":
        return "flow", time.text
    if time is not None and time.text.startswith(("截至", "截止")) and re.search(r"共|已", own):
        if act := done or _DONE_VERBS.search(text, q_start, clause[1]):  # 共为2.3万人办理
            return "cumulative", f"{time.text}…{act.group()}"
    if m := _FLOW_WORDS.search(own):
        return "flow", m.group()
    if m := _REACHED.search(own):
        return "stock", m.group()
    if done:
        return "flow", done.group()
    if unit in _PER_ACT_UNITS:
        return "flow", unit
    return "stock", ""


# ------------------------------------------------------------- signs --

_UP = "同比增长|同比增加|同比提高|同比上升|增长|增加|提高|上升|提升|上涨|涨幅|高于|超过|超出|多|增"
_DOWN = "同比减少|同比下降|同比降低|减少|下降|降低|下跌|跌幅|回落|下滑|缩小|低于|减|降|少"
_SIGN_WORD = re.compile(rf"({_DOWN})|({_UP})")


def change_sign(text: str, q_start: int, clause_start: int) -> tuple[int, str]:
    """``(+1 or -1, the words)`` for a change at ``q_start``: the last word of rising or falling
    in its clause before it (simplified script); +1 and "" when there is none.

    >>> text = "城镇新增就业7.39万人，同比减少0.29万人，下降9个百分点。"
    >>> change_sign(text, text.index("0.29"), text.index("同比")), change_sign(text, text.index("9个"), text.index("下降"))
    ((-1, '同比减少'), (-1, '下降'))
    >>> change_sign("特色门诊量与去年同期相比增长3万余人次", 14, 0)
    (1, '增长')
    """
    if after := _SIZE_AFTER.match(text, q_start):
        return (-1 if after.group(1) else 1), after.group(1) or after.group(2)
    words = list(_SIGN_WORD.finditer(text, clause_start, q_start))
    if not words:
        return 1, ""
    last = words[-1]
    return (-1 if last.group(1) else 1), last.group()


# The words that name the base a change is measured against (`vocab.CHANGE_BASES`).
_BASE_WORDS = (
    ("target", re.compile(r"目标|控制线|标准|计划")),
    ("same_period_last_year", re.compile(r"同比|同期")),
    ("previous_year", re.compile(r"比上年|较上年|比去年|较去年|上年|去年")),
    ("previous_period", re.compile(r"环比|比上月|较上月|比上季|较上季")),
    ("since_date", re.compile(r"以来|比年初|较年初")),
    ("previous_report", re.compile(r"上轮|上一轮|上次|上期")),
)


def change_base(text: str, q_start: int, clause_start: int) -> str:
    """The base a change at ``q_start`` is measured against, from the words of its clause
    (one of `vocab.CHANGE_BASES`), or "" when they do not say.

    >>> change_base("同比增加1.25万人", 4, 0), change_base("低于省控目标1.3个百分点", 6, 0)
    ('same_period_last_year', 'target')
    """
    before = text[clause_start:q_start]
    return next((base for base, words in _BASE_WORDS if words.search(before)), "")


def change_sign_at(text: str, q_start: int) -> tuple[int, str]:
    """`change_sign` for a figure at ``q_start`` of an article as written, in either script:
    what the build reads to sign a curated change.

    >>> text = "全年新增就業7.39萬人，同比減少0.29萬人。"
    >>> change_sign_at(text, text.index("0.29"))
    (-1, '同比减少')
    """
    before = to_simplified(text[max(0, q_start - 40) : q_start])
    clause = max(before.rfind(ch) for ch in CLAUSE_END) + 1
    return change_sign(before + to_simplified(text[q_start : q_start + 20]), len(before), clause)


# ----------------------------------------------------- caps and floors --

CAP_WORDS = ("保持在", "控制在", "稳定在", "维持在", "不超过", "不高于", "不低于", "不少于")
_HELD_WITHIN = frozenset(CAP_WORDS[:4])  # the words that say a figure was kept within a bound


def held_over(
    text: str, q_start: int, sentence: tuple[int, int], said: str, time: TimeRef | None, pub
) -> bool:
    """Whether a figure whose status ``said`` words make it a goal (控制在, 稳定在) reports what
    was held over a span that has run: since a date (今年以来, “十四五”以来), or a period or day
    with its year written that ended before the article ``pub`` (2024年 in 2025), with no
    other goal words in its sentence (力争, 将). Then it is a result, its bound its qualifier.

    >>> from datetime import date
    >>> t = TimeRef(0, 4, "今年以来", date(2025, 2, 10), date(2025, 1, 1), "since")
    >>> held_over("今年以来，失业率控制在3%以内", 12, (0, 16), "控制在", t, date(2025, 2, 10))
    True
    >>> held_over("今年以来，力争失业率控制在3%以内", 14, (0, 18), "控制在", t, date(2025, 2, 10))
    False
    """
    if said not in _HELD_WITHIN or time is None:
        return False
    if any(m.group() not in _HELD_WITHIN for m in _GOAL.finditer(text, sentence[0], q_start)):
        return False
    if time.role == "since":
        return True
    return time.role in ("period", "point") and not time.guessed_year and time.as_of < pub


_CAP_BEFORE = re.compile(rf"(?:{'|'.join(CAP_WORDS)})$")
_BOUNDS = ("at_most", "at_least", "less_than")


def held_to(text: str, q: Quantity, clause: tuple[int, int], in_sentence: list[Quantity]) -> str:
    """The words that make ``q`` the cap or floor of a measured figure beside it, or "".

    ``q`` is a bound (4%以内, 不低于90%) after 保持在, 控制在, 不超过, 不低于 or the like, and its
    sentence holds a figure of the same unit that is not a bound: that figure is measured,
    and ``q`` is the target it is held to.

    >>> from zibo_analysis.quantities import find_quantities
    >>> text = "城镇登记失业率2.43%，保持在4%以内。"
    >>> found = find_quantities(text)
    >>> held_to(text, found[1], (12, 21), found), held_to(text, found[0], (0, 12), found)
    ('保持在4%以内 beside 2.43%', '')
    """
    if q.qualifier not in _BOUNDS:
        return ""
    before = re.sub(r"\s+", "", text[clause[0] : q.start])
    own = text[q.start : q.end]
    word = next((w for w in CAP_WORDS if own.startswith(w)), "")
    if not word:
        found = _CAP_BEFORE.search(before)
        word = found.group() if found else ""
    if not word:
        return ""
    measured = [
        o
        for o in in_sentence
        if o.start != q.start and o.unit == q.unit and o.qualifier not in _BOUNDS
    ]
    if not measured:
        return ""
    return f"{word}{own.removeprefix(word)} beside {measured[0].text}"
