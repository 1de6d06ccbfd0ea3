"""From quantities to facts: each field, in simplified and in traditional script.

The sentences are written for these tests in the manner of municipal press
releases and statistical bulletins; each simplified table has a traditional
one beside it, so that every rule is run in both scripts.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zibo_analysis.cli import main
from zibo_analysis.corpus import FACTS_COLUMNS
from zibo_analysis.facts import (
    FACT_COLUMNS,
    find_facts,
    load_matcher,
    prefill_candidates,
    resolve_region,
)

ROOT = Path(__file__).resolve().parents[1]


def fact_at(text: str, needle: str, published: str, region=None, catalog=None):
    """The fact whose quantity holds the start of ``needle`` (its first occurrence in ``text``)."""
    at = text.index(needle)
    facts = find_facts(text, published, region, catalog)
    found = [f for f in facts if f.start <= at < f.end]
    assert found, f"no quantity at {needle!r}; found {[f.text for f in facts]}"
    return found[0]


# ------------------------------------------------------------------ as_of --

# (sentence, number, published, as_of, period_start)
AS_OF = [
    (
        "截至3月27日24时，全省累计报告接种新冠病毒疫苗3.5亿剂次。",
        "3.5亿",
        "2022-03-28",
        "2022-03-27",
        "",
    ),
    (
        "1—10月，全市城镇新增就业3.2万人，完成年度任务的106%。",
        "3.2万",
        "2023-11-20",
        "2023-10-31",
        "2023-01-01",
    ),
    ("上半年，全区共发放创业担保贷款1.2亿元。", "1.2亿", "2024-07-15", "2024-06-30", "2024-01-01"),
    ("前三季度，全县城镇新增就业4600人。", "4600", "2024-10-25", "2024-09-30", "2024-01-01"),
    ("二季度全市新登记市场主体1.2万户。", "1.2万", "2024-07-20", "2024-06-30", "2024-04-01"),
    ("今年前8个月，全市引进各类人才2.1万人。", "2.1万", "2022-09-10", "2022-08-31", "2022-01-01"),
    (
        "2023年，全市医疗卫生机构总诊疗人次达4120万人次。",
        "4120万",
        "2024-05-10",
        "2023-12-31",
        "2023-01-01",
    ),
    (
        "今年以来，全市共为1500名高校毕业生发放就业补贴。",
        "1500",
        "2022-09-01",
        "2022-09-01",
        "2022-01-01",
    ),
    ("目前，全区共有家庭医生团队150个。", "150", "2023-06-08", "2023-06-08", ""),
    (
        "自2020年10月工作站启动以来，累计派出专家560名。",
        "560",
        "2022-03-01",
        "2022-03-01",
        "2020-10-01",
    ),
    ("截至12月31日，全市累计签约居民86万人。", "86万", "2024-01-10", "2023-12-31", ""),
    ("年末全市共有卫生技术人员5.6万人。", "5.6万", "2023-04-20", "2022-12-31", ""),
    ("力争到2025年底，每千人口拥有婴幼儿托位数达到4.5个。", "4.5", "2023-03-01", "2025-12-31", ""),
    ("年内将新建社区卫生服务站12处。", "12处", "2023-04-02", "2023-12-31", "2023-01-01"),
    (
        "根据《2024年全市卫生健康工作要点》，今年为群众免费体检12万人次。",
        "12万",
        "2024-08-01",
        "2024-08-01",
        "2024-01-01",
    ),
    (
        "加强免疫自10月上旬启动以来，已完成12.7万人，占4月底前完成全程接种人群的99.89%。",
        "99.89%",
        "2021-11-10",
        "2021-11-10",
        "",
    ),
    (
        "2023年末，全国医疗卫生机构总数107.1万个。其中：医院3.8万个。",
        "3.8万",
        "2024-08-29",
        "2023-12-31",
        "",
    ),
    ("每千人口床位数由2022年6.92张增加到2023年7.23张。", "6.92", "2024-08-29", "2022-12-31", ""),
    ("每千人口床位数由2022年6.92张增加到2023年7.23张。", "7.23", "2024-08-29", "2023-12-31", ""),
    (
        "今年1—6月，全省城镇新增就业66.2万人。全年城镇调查失业率控制在5.5%以内。",
        "5.5%",
        "2024-07-20",
        "2024-12-31",
        "",
    ),
    (
        "黄岛区今年前8个月共为老年人免费体检12.4万人次。",
        "12.4万",
        "2024-09-20",
        "2024-08-31",
        "2024-01-01",
    ),
    (
        "力争到2025年底建成社区医院20家；确保年内预约诊疗率不低于70%。",
        "70%",
        "2024-09-20",
        "2024-12-31",
        "",
    ),
    (
        "山东省2023年卫生健康事业发展统计公报\n年末全省医疗卫生机构总数8.6万个。",
        "8.6万",
        "2024-09-01",
        "2023-12-31",
        "",
    ),
    (
        "山东省2023年卫生健康事业发展统计公报\n全年总诊疗人次7.9亿人次，比上年增长6.4%。",
        "6.4%",
        "2024-09-01",
        "2023-12-31",
        "2023-01-01",
    ),
]
AS_OF_TRADITIONAL = [
    (
        "截至3月27日24時，全省累計報告接種新冠病毒疫苗3.5億劑次。",
        "3.5億",
        "2022-03-28",
        "2022-03-27",
        "",
    ),
    (
        "1—10月，全市城鎮新增就業3.2萬人，完成年度任務的106%。",
        "3.2萬",
        "2023-11-20",
        "2023-10-31",
        "2023-01-01",
    ),
    ("上半年，全區共發放創業擔保貸款1.2億元。", "1.2億", "2024-07-15", "2024-06-30", "2024-01-01"),
    ("前三季度，全縣城鎮新增就業4600人。", "4600", "2024-10-25", "2024-09-30", "2024-01-01"),
    ("二季度全市新登記市場主體1.2萬戶。", "1.2萬", "2024-07-20", "2024-06-30", "2024-04-01"),
    ("今年前8個月，全市引進各類人才2.1萬人。", "2.1萬", "2022-09-10", "2022-08-31", "2022-01-01"),
    (
        "2023年，全市醫療衛生機構總診療人次達4120萬人次。",
        "4120萬",
        "2024-05-10",
        "2023-12-31",
        "2023-01-01",
    ),
    (
        "今年以來，全市共為1500名高校畢業生發放就業補貼。",
        "1500",
        "2022-09-01",
        "2022-09-01",
        "2022-01-01",
    ),
    ("目前，全區共有家庭醫生團隊150個。", "150", "2023-06-08", "2023-06-08", ""),
    (
        "自2020年10月工作站啟動以來，累計派出專家560名。",
        "560",
        "2022-03-01",
        "2022-03-01",
        "2020-10-01",
    ),
    ("截至12月31日，全市累計簽約居民86萬人。", "86萬", "2024-01-10", "2023-12-31", ""),
    ("年末全市共有衛生技術人員5.6萬人。", "5.6萬", "2023-04-20", "2022-12-31", ""),
    ("力爭到2025年底，每千人口擁有嬰幼兒托位數達到4.5個。", "4.5", "2023-03-01", "2025-12-31", ""),
    ("年內將新建社區衛生服務站12處。", "12", "2023-04-02", "2023-12-31", "2023-01-01"),
    (
        "根據《2024年全市衛生健康工作要點》，今年為群眾免費體檢12萬人次。",
        "12萬",
        "2024-08-01",
        "2024-08-01",
        "2024-01-01",
    ),
    (
        "加強免疫自10月上旬啟動以來，已完成12.7萬人，佔4月底前完成全程接種人群的99.89%。",
        "99.89%",
        "2021-11-10",
        "2021-11-10",
        "",
    ),
    (
        "2023年末，全國醫療衛生機構總數107.1萬個。其中：醫院3.8萬個。",
        "3.8萬",
        "2024-08-29",
        "2023-12-31",
        "",
    ),
    ("每千人口床位數由2022年6.92張增加到2023年7.23張。", "6.92", "2024-08-29", "2022-12-31", ""),
    ("每千人口床位數由2022年6.92張增加到2023年7.23張。", "7.23", "2024-08-29", "2023-12-31", ""),
    (
        "今年1—6月，全省城鎮新增就業66.2萬人。全年城鎮調查失業率控制在5.5%以內。",
        "5.5%",
        "2024-07-20",
        "2024-12-31",
        "",
    ),
    (
        "黃島區今年前8個月共為老年人免費體檢12.4萬人次。",
        "12.4萬",
        "2024-09-20",
        "2024-08-31",
        "2024-01-01",
    ),
    (
        "力爭到2025年底建成社區醫院20家；確保年內預約診療率不低於70%。",
        "70%",
        "2024-09-20",
        "2024-12-31",
        "",
    ),
    (
        "山東省2023年衛生健康事業發展統計公報\n年末全省醫療衛生機構總數8.6萬個。",
        "8.6萬",
        "2024-09-01",
        "2023-12-31",
        "",
    ),
    (
        "山東省2023年衛生健康事業發展統計公報\n全年總診療人次7.9億人次，比上年增長6.4%。",
        "6.4%",
        "2024-09-01",
        "2023-12-31",
        "2023-01-01",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "number", "published", "as_of", "period_start"), AS_OF + AS_OF_TRADITIONAL
)
def test_as_of_and_period_start(sentence, number, published, as_of, period_start):
    fact = fact_at(sentence, number, published, "淄博市")
    assert (fact.as_of, fact.period_start) == (as_of, period_start), fact.evidence


# ----------------------------------------------------------------- status --

# (sentence, number, status)
STATUS = [
    ("力争全年城镇新增就业5万人以上。", "5万", "target"),
    ("计划新建标准化村卫生室30家。", "30家", "target"),
    ("到2025年，二级以上综合医院设置老年医学科的比例达到90%以上。", "90%", "target"),
    ("确保城镇登记失业率控制在4.5%以内。", "4.5%", "target"),
    ("每个村卫生室每周坐诊时间不少于5天。", "不少于5天", "target"),
    ("全市将新增普惠托位2000个。", "2000", "target"),
    ("推荐标准达标率为21%，高于省定15%的标准。", "15%", "target"),
    ("全市已完成年度计划的74.5%。", "74.5%", "actual"),
    ("城镇调查失业率为5.1%，低于全年控制目标0.4个百分点。", "0.4", "actual"),
    ("计划建设社区医院6家，目前已建成4家。", "4家", "actual"),
    ("计划建设社区医院6家，目前已建成4家。", "6家", "target"),
    ("将预约挂号时段精确至30分钟以内。", "30分钟", "actual"),
    ("截至目前，全市累计发放稳岗返还资金1.3亿元。", "1.3亿", "actual"),
    ("目标人群宫颈癌筛查覆盖率达92.1%。", "92.1%", "actual"),
    ("实施“攀登计划”以来，新增省级临床重点专科8个。", "8个", "actual"),
    (
        "今年1—10月城镇新增就业5.53万人，已超额完成全年目标任务，城镇登记失业率3.2%。",
        "3.2%",
        "actual",
    ),
    ("每千人口床位数由2022年6.92张增加到2023年7.23张。", "7.23", "actual"),
]
STATUS_TRADITIONAL = [
    ("力爭全年城鎮新增就業5萬人以上。", "5萬", "target"),
    ("計劃新建標準化村衛生室30家。", "30家", "target"),
    ("到2025年，二級以上綜合醫院設置老年醫學科的比例達到90%以上。", "90%", "target"),
    ("確保城鎮登記失業率控制在4.5%以內。", "4.5%", "target"),
    ("每個村衛生室每週坐診時間不少於5天。", "5天", "target"),
    ("全市將新增普惠托位2000個。", "2000", "target"),
    ("推薦標準達標率為21%，高於省定15%的標準。", "15%", "target"),
    ("全市已完成年度計劃的74.5%。", "74.5%", "actual"),
    ("城鎮調查失業率為5.1%，低於全年控制目標0.4個百分點。", "0.4", "actual"),
    ("計劃建設社區醫院6家，目前已建成4家。", "4家", "actual"),
    ("計劃建設社區醫院6家，目前已建成4家。", "6家", "target"),
    ("將預約掛號時段精確至30分鐘以內。", "30分鐘", "actual"),
    ("截至目前，全市累計發放穩崗返還資金1.3億元。", "1.3億", "actual"),
    ("目標人群宮頸癌篩查覆蓋率達92.1%。", "92.1%", "actual"),
    ("實施「攀登計劃」以來，新增省級臨床重點專科8個。", "8", "actual"),
    (
        "今年1—10月城鎮新增就業5.53萬人，已超額完成全年目標任務，城鎮登記失業率3.2%。",
        "3.2%",
        "actual",
    ),
    ("每千人口床位數由2022年6.92張增加到2023年7.23張。", "7.23", "actual"),
]


@pytest.mark.parametrize(("sentence", "number", "status"), STATUS + STATUS_TRADITIONAL)
def test_status(sentence, number, status):
    assert fact_at(sentence, number, "2023-06-30", "淄博市").status == status


def test_a_target_without_a_date_is_due_at_the_end_of_the_year():
    fact = fact_at("计划新建标准化村卫生室30家。", "30家", "2023-06-30", "淄博市")
    assert fact.as_of == "2023-12-31"


# ----------------------------------------------------------------- region --

# (sentence, number, the article's region, region)
REGION = [
    ("淄川区共建成标准化村卫生室120处。", "120处", "淄博市", "淄川区"),
    ("全市城镇新增就业3.2万人。", "3.2万", "张店区", "淄博市"),
    ("全省累计接种新冠疫苗1.8亿剂次。", "1.8亿", "淄博市", "山东省"),
    ("全国城镇新增就业1206万人。", "1206万", "淄博市", "全国"),
    ("全区共有社区卫生服务站18处。", "18处", "张店区", "张店区"),
    ("全市3个社区入选全国示范性老年友好型社区。", "3个", "淄博市", "淄博市"),
    ("全省首家推行“政策找人”模式，今年为860家企业发放补贴。", "860家", "枣庄市", "枣庄市"),
    ("市民通过“健康济南”公众号预约挂号12万人次。", "12万", "淄博市", "淄博市"),
    ("与山东大学齐鲁医院共建专科联盟5个。", "5个", "薛城区", "薛城区"),
    ("建成县域医共体8个。", "8个", "淄博市", "淄博市"),
    ("为群众提供惠民服务2.3万人次。", "2.3万", "薛城区", "薛城区"),
    ("博山区开展送医下乡活动。累计服务群众3600人次。", "3600", "淄博市", "博山区"),
    ("先后到博山、沂源、高青走访，市卫健系统共走访860户。", "860户", "淄博市", "淄博市"),
    ("济南市莱芜区新增城镇就业5200人。", "5200", "山东省", "莱芜区"),
    ("章丘区新建社区医院3家。", "3家", "济南市", "章丘区"),
    ("邹平市城镇新增就业6100人。", "6100", "山东省", "邹平市"),
    ("引培泰山青年专家2名。", "2名", "淄博市", "淄博市"),
    ("与山东中医药高等专科学校共建实践教学基地2个。", "2个", "薛城区", "薛城区"),
]
REGION_TRADITIONAL = [
    ("淄川區共建成標準化村衛生室120處。", "120", "淄博市", "淄川区"),
    ("全市城鎮新增就業3.2萬人。", "3.2萬", "張店區", "淄博市"),
    ("全省累計接種新冠疫苗1.8億劑次。", "1.8億", "淄博市", "山东省"),
    ("全國城鎮新增就業1206萬人。", "1206萬", "淄博市", "全国"),
    ("全區共有社區衛生服務站18處。", "18", "張店區", "张店区"),
    ("全市3個社區入選全國示範性老年友好型社區。", "3", "淄博市", "淄博市"),
    ("全省首家推行「政策找人」模式，今年為860家企業發放補貼。", "860家", "棗莊市", "枣庄市"),
    ("市民通過「健康濟南」公眾號預約掛號12萬人次。", "12萬", "淄博市", "淄博市"),
    ("與山東大學齊魯醫院共建專科聯盟5個。", "5", "薛城區", "薛城区"),
    ("建成縣域醫共體8個。", "8", "淄博市", "淄博市"),
    ("為群眾提供惠民服務2.3萬人次。", "2.3萬", "薛城區", "薛城区"),
    ("博山區開展送醫下鄉活動。累計服務群眾3600人次。", "3600", "淄博市", "博山区"),
    ("先後到博山、沂源、高青走訪，市衛健系統共走訪860戶。", "860", "淄博市", "淄博市"),
    ("濟南市萊蕪區新增城鎮就業5200人。", "5200", "山東省", "莱芜区"),
    ("章丘區新建社區醫院3家。", "3家", "濟南市", "章丘区"),
    ("鄒平市城鎮新增就業6100人。", "6100", "山東省", "邹平市"),
    ("引培泰山青年專家2名。", "2名", "淄博市", "淄博市"),
    ("與山東中醫藥高等專科學校共建實踐教學基地2個。", "2", "薛城區", "薛城区"),
]


@pytest.mark.parametrize(("sentence", "number", "article", "region"), REGION + REGION_TRADITIONAL)
def test_region(sentence, number, article, region):
    fact = fact_at(sentence, number, "2023-06-30", article)
    assert fact.region == region, fact.evidence


# (article, number, region): the article's place read from its title and opening
INFERRED = [
    (
        "张店全力打造健康服务圈\n8月31日，淄博市召开新闻发布会张店专场。张店区今年新增托位500个。",
        "500",
        "张店区",
    ),
    ("枣庄市市中区召开就业工作新闻发布会\n今年以来，市中区新增城镇就业2100人。", "2100", "市中区"),
    ("无锡市卫生健康事业发展统计公报\n年末全市共有医疗卫生机构3105个。", "3105", "无锡市"),
    ("今年以来，新增城镇就业2100人。", "2100", ""),
    ("建成县域医共体8个，为群众提供惠民服务2.3万人次。", "8个", ""),
    ("市民通过“健康济南”公众号预约挂号12万人次。", "12万", ""),
]
INFERRED_TRADITIONAL = [
    (
        "張店全力打造健康服務圈\n8月31日，淄博市召開新聞發布會張店專場。張店區今年新增托位500個。",
        "500",
        "张店区",
    ),
    ("棗莊市市中區召開就業工作新聞發布會\n今年以來，市中區新增城鎮就業2100人。", "2100", "市中区"),
    ("無錫市衛生健康事業發展統計公報\n年末全市共有醫療衛生機構3105個。", "3105", "无锡市"),
    ("今年以來，新增城鎮就業2100人。", "2100", ""),
    ("建成縣域醫共體8個，為群眾提供惠民服務2.3萬人次。", "8", ""),
    ("市民通過「健康濟南」公眾號預約掛號12萬人次。", "12萬", ""),
]


@pytest.mark.parametrize(("text", "number", "region"), INFERRED + INFERRED_TRADITIONAL)
def test_region_from_title_and_opening(text, number, region):
    assert fact_at(text, number, "2023-08-31").region == region


@pytest.mark.parametrize("sentence", ["东区新增就业1200人。", "東區新增就業1200人。"])
def test_districts_that_share_a_code_resolve(sentence):
    """香港's districts share one code in the gazetteer; each is still a place of its own."""
    assert fact_at(sentence, "1200", "2023-01-01", "香港").region == "东区"


def test_region_names_resolve_against_the_gazetteer():
    assert resolve_region("淄博").name == "淄博市"
    assert resolve_region("枣庄市市中区").code == "370402"
    with pytest.raises(ValueError, match="ambiguous.*枣庄市/市中区"):
        resolve_region("市中区")
    with pytest.raises(ValueError, match='"Zibo" is not a Chinese place name'):
        find_facts("全市新增就业3.2万人", "2023-01-01", "Zibo")


# ------------------------------------------------------------------- kind --

# (sentence, number, kind)
KIND = [
    ("城镇登记失业率3.1%。", "3.1%", "rate"),
    ("地区生产总值同比增长6.2%。", "6.2%", "change"),
    ("签约率比上年提高1.5个百分点。", "1.5", "change"),
    ("执业医师比上年多120人。", "120", "change"),
    ("特色专科门诊量与去年同期相比增长3万余人次。", "3万", "change"),
    ("累计接种疫苗5.6万剂次。", "5.6万", "cumulative"),
    ("1—10月城镇新增就业3.2万人。", "3.2万", "flow"),
    ("今年以来发放创业担保贷款8.5亿元。", "8.5亿", "flow"),
    ("每千人口执业（助理）医师3.2人。", "3.2", "ratio"),
    ("全市共有村卫生室1200处。", "1200", "stock"),
    ("居民门诊用药报销比例提高到70%。", "70%", "rate"),
]
KIND_TRADITIONAL = [
    ("城鎮登記失業率3.1%。", "3.1%", "rate"),
    ("地區生產總值同比增長6.2%。", "6.2%", "change"),
    ("簽約率比上年提高1.5個百分點。", "1.5", "change"),
    ("執業醫師比上年多120人。", "120", "change"),
    ("特色專科門診量與去年同期相比增長3萬餘人次。", "3萬", "change"),
    ("累計接種疫苗5.6萬劑次。", "5.6萬", "cumulative"),
    ("1—10月城鎮新增就業3.2萬人。", "3.2萬", "flow"),
    ("今年以來發放創業擔保貸款8.5億元。", "8.5億", "flow"),
    ("每千人口執業（助理）醫師3.2人。", "3.2", "ratio"),
    ("全市共有村衛生室1200處。", "1200", "stock"),
    ("居民門診用藥報銷比例提高到70%。", "70%", "rate"),
]


@pytest.mark.parametrize(("sentence", "number", "kind"), KIND + KIND_TRADITIONAL)
def test_kind(sentence, number, kind):
    fact = fact_at(sentence, number, "2023-11-20", "淄博市")
    assert fact.kind == kind, fact.evidence


# ---------------------------------------------------------------- subject --

# (sentence, number, subject)
SUBJECT = [
    ("建成名医基层工作站102个", "102", "名医基层工作站"),
    ("淄博市城镇新增就业3.2万人", "3.2万", "城镇新增就业"),
    ("第一剂次接种887.89万", "887.89万", "第一剂次接种"),
    ("派出专家医生420名", "420", "专家医生"),
    ("全市37家二级以上医院派出353名名医专家", "353", "名医专家"),
    ("为6500名高校毕业生发放生活补贴", "6500", "高校毕业生"),
    ("全市96.5%的行政村卫生室达到标准化建设要求", "96.5%", "行政村卫生室达到标准化建设要求"),
    ("3200名志愿者参加", "3200", "志愿者"),
    ("门诊慢特病病种达到66种", "66", "门诊慢特病病种"),
    ("对1200批3500名入境人员实行闭环管理", "1200", "入境人员"),
    (
        "职工养老、医疗、失业保险参保人数分别为52.3万人、61.8万人、40.2万人",
        "52.3万",
        "职工养老保险参保人数",
    ),
    (
        "职工养老、医疗、失业保险参保人数分别为52.3万人、61.8万人、40.2万人",
        "40.2万",
        "失业保险参保人数",
    ),
    ("全国医疗卫生机构总数107.1万个，比上年增加3.8万个", "3.8万", "医疗卫生机构总数"),
    ("城镇调查失业率控制在5.5%以内", "5.5%", "城镇调查失业率"),
    ("截至8月底，全市共建成社区医院45家，比去年同期增加12家", "12家", "社区医院"),
    ("确保年内二级以上公立医院预约诊疗率不低于70%", "70%", "二级以上公立医院预约诊疗率"),
    ("全市将新建社区卫生服务中心8处", "8处", "社区卫生服务中心"),
]
SUBJECT_TRADITIONAL = [
    ("建成名醫基層工作站102個", "102", "名醫基層工作站"),
    ("淄博市城鎮新增就業3.2萬人", "3.2萬", "城鎮新增就業"),
    ("第一劑次接種887.89萬", "887.89萬", "第一劑次接種"),
    ("派出專家醫生420名", "420", "專家醫生"),
    ("全市37家二級以上醫院派出353名名醫專家", "353", "名醫專家"),
    ("為6500名高校畢業生發放生活補貼", "6500", "高校畢業生"),
    ("全市96.5%的行政村衛生室達到標準化建設要求", "96.5%", "行政村衛生室達到標準化建設要求"),
    ("3200名志願者參加", "3200", "志願者"),
    ("門診慢特病病種達到66種", "66", "門診慢特病病種"),
    ("對1200批3500名入境人員實行閉環管理", "1200", "入境人員"),
    (
        "職工養老、醫療、失業保險參保人數分別為52.3萬人、61.8萬人、40.2萬人",
        "52.3萬",
        "職工養老保險參保人數",
    ),
    (
        "職工養老、醫療、失業保險參保人數分別為52.3萬人、61.8萬人、40.2萬人",
        "40.2萬",
        "失業保險參保人數",
    ),
    ("全國醫療衛生機構總數107.1萬個，比上年增加3.8萬個", "3.8萬", "醫療衛生機構總數"),
    ("城鎮調查失業率控制在5.5%以內", "5.5%", "城鎮調查失業率"),
    ("截至8月底，全市共建成社區醫院45家，比去年同期增加12家", "12家", "社區醫院"),
    ("確保年內二級以上公立醫院預約診療率不低於70%", "70%", "二級以上公立醫院預約診療率"),
    ("全市將新建社區衛生服務中心8處", "8處", "社區衛生服務中心"),
]
# Rules that held only for the five seed articles, now general: a qualifier (约, 近) is the
# figure's, not the end of its subject; any earlier round or year compared (与上一轮…相比)
# links a subject to its figure; a level alone (市级2个) takes the noun of its list.
SUBJECT_GENERAL = [
    ("全市家庭医生签约126万人。", "126万", "家庭医生签约"),
    ("全省家庭醫生簽約近126萬人。", "近126萬", "家庭醫生簽約"),
    ("建成国家级重点专科5个、省级18个、市级2个。", "2个", "市级重点专科"),
    ("建成國家級重點專科5個、省級18個、市級2個。", "18個", "省級重點專科"),
    ("特色专科门诊量与上轮考核相比增长12%。", "12%", "特色专科门诊量"),
    ("特色專科門診量與上輪考核相比增長12%。", "12%", "特色專科門診量"),
]


@pytest.mark.parametrize(
    ("sentence", "number", "subject"), SUBJECT + SUBJECT_TRADITIONAL + SUBJECT_GENERAL
)
def test_subject_is_printed_in_the_articles_script(sentence, number, subject):
    """Traditional text is read through to_simplified, and the subject given back as printed."""
    assert fact_at(sentence, number, "2023-06-30", "淄博市").subject == subject


# -------------------------------------------------------------- indicator --

CATALOG = pd.DataFrame(
    [
        ("urban_new_jobs", "城镇新增就业", "人", "flow"),
        ("famous_doctor_stations", "名医基层工作站数", "个", "stock"),
        ("urban_registered_unemployment_rate", "城镇登记失业率", "percent", "rate"),
        ("childcare_places_per_1000", "每千人口婴幼儿托位数", "个", "ratio"),
        ("startup_guaranteed_loan_amount", "创业担保贷款发放额", "yuan", "flow"),
        ("family_doctor_teams", "家庭医生服务团队数", "个", "stock"),
    ],
    columns=["indicator_id", "name_zh", "unit", "kind"],
)

# (sentence, number, indicator_id or "" for none, proposed id when none)
INDICATOR = [
    ("1—10月，全市城镇新增就业3.2万人。", "3.2万", "urban_new_jobs", ""),
    ("城镇登记失业率3.1%。", "3.1%", "urban_registered_unemployment_rate", ""),
    ("今年以来发放创业担保贷款8.5亿元。", "8.5亿", "startup_guaranteed_loan_amount", ""),
    ("目前全市共建成名医基层工作站123个。", "123", "famous_doctor_stations", ""),
    ("全市共有献血志愿者1200人。", "1200", "", "donate_blood_volunteer"),
    (
        "全市孕产妇系统管理率达95.2%。",
        "95.2%",
        "maternal_system_management_rate",
        "maternal_system_management_rate",
    ),
]
INDICATOR_TRADITIONAL = [
    ("1—10月，全市城鎮新增就業3.2萬人。", "3.2萬", "urban_new_jobs", ""),
    ("城鎮登記失業率3.1%。", "3.1%", "urban_registered_unemployment_rate", ""),
    ("今年以來發放創業擔保貸款8.5億元。", "8.5億", "startup_guaranteed_loan_amount", ""),
    ("目前全市共建成名醫基層工作站123個。", "123", "famous_doctor_stations", ""),
    ("全市共有獻血志願者1200人。", "1200", "", "donate_blood_volunteer"),
    (
        "全市孕產婦系統管理率達95.2%。",
        "95.2%",
        "maternal_system_management_rate",
        "maternal_system_management_rate",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "number", "indicator_id", "proposed"), INDICATOR + INDICATOR_TRADITIONAL
)
def test_indicator(sentence, number, indicator_id, proposed):
    fact = fact_at(sentence, number, "2023-11-20", "淄博市", CATALOG)
    assert (fact.indicator_id, fact.proposed_id) == (indicator_id, proposed), fact.evidence
    assert 0 <= fact.score <= 1
    if not indicator_id:
        assert fact.name_zh == fact.subject
    if proposed == indicator_id:  # only the reference catalog has it: the command to add it
        assert f"zibo-analysis catalog add {indicator_id}" in fact.evidence


@pytest.mark.parametrize(
    "sentence", ["城镇新增就业人员中高校毕业生占62%。", "城鎮新增就業人員中高校畢業生佔62%。"]
)
def test_a_percent_never_matches_a_count(sentence):
    without_reference = load_matcher(CATALOG.to_dict("records"), reference_dir=None)
    fact = fact_at(sentence, "62%", "2023-11-20", "淄博市", without_reference)
    assert fact.indicator_id == "" and fact.proposed_id.endswith("_rate")


def test_without_a_catalog_nothing_is_matched_or_proposed():
    fact = fact_at("全市城镇新增就业3.2万人。", "3.2万", "2023-11-20", "淄博市")
    assert (fact.indicator_id, fact.proposed_id, fact.name_zh) == ("", "", fact.subject)


# -------------------------------------------------------------- the whole --


def test_offsets_index_the_text_as_given():
    text = "截至6月底，全區共有社區衛生服務站18處，家庭醫生團隊150個。"
    for fact in find_facts(text, "2023-08-31", "張店區"):
        assert text[fact.start : fact.end] == fact.text


def test_traditional_and_simplified_give_the_same_facts():
    simplified = "截至11月9日，全市累计接种778.31万剂次，第一剂次接种率达95.71%。"
    traditional = "截至11月9日，全市累計接種778.31萬劑次，第一劑次接種率達95.71%。"
    fields = ("start", "value", "region", "as_of", "status", "kind")
    a = [[getattr(f, k) for k in fields] for f in find_facts(simplified, "2021-11-10", "淄博市")]
    b = [[getattr(f, k) for k in fields] for f in find_facts(traditional, "2021-11-10", "淄博市")]
    assert a == b


def test_evidence_names_the_deciding_words():
    fact = fact_at("到2023年底，重点人群签约服务覆盖率达到77%以上。", "77%", "2023-08-31", "张店区")
    assert "as_of: 到2023年底" in fact.evidence and "status: 到2023年底" in fact.evidence


def test_bad_published_date_says_so():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        find_facts("新增就业3.2万人", "1 Dec 2021")


# ------------------------------------------------------------- candidates --


def test_prefill_candidates_fills_and_explains():
    text = "今年1—10月，淄博市实现城镇新增就业5.53万人。全市共有献血志愿者1200人。"
    starts = [text.index("5.53"), text.index("1200"), 0]
    rows = pd.DataFrame(
        {
            "doc_id": "doc-a",
            "quote": ["城镇新增就业5.53万人", "献血志愿者1200人", "今年"],
            "mention": "",
            "occurrence": "",
            "indicator_id": "",
            "region": "Zibo",
            "as_of": "2021-12-01",
            "period_start": "",
            "status": "actual",
            "note": "",
            "start": starts,
            "value": [55300, 1200, 0],
            "unit": ["人", "人", ""],
            "qualifier": "exact",
        }
    )
    regions = pd.DataFrame({"region_id": ["Zibo"], "name_zh": ["淄博市"]})
    out = prefill_candidates(rows, text, "2021-12-01", "Zibo", CATALOG, regions)
    assert list(out.columns) == [*rows.columns, "score", "evidence", "catalog_add"]
    assert out.loc[0, ["indicator_id", "region", "as_of", "period_start", "status"]].tolist() == [
        "urban_new_jobs",
        "Zibo",
        "2021-10-31",
        "2021-01-01",
        "actual",
    ]
    assert "as_of: 今年1—10月" in out.loc[0, "evidence"]
    assert (
        out.loc[1, "indicator_id"] == ""
        and "new indicator? donate_blood_volunteer" in out.loc[1, "evidence"]
    )
    assert out["catalog_add"].tolist() == ["", "", ""]  # urban_new_jobs is in CATALOG
    assert (
        out.loc[2, "as_of"] == "2021-12-01" and out.loc[2, "evidence"] == ""
    )  # no quantity there: kept
    assert rows["indicator_id"].tolist() == ["", "", ""]  # the input is not changed


@pytest.mark.parametrize(
    ("region_id", "name_zh", "text"),
    [
        ("China", "中国", "2023年末，全国医疗卫生机构总数107.1万个。"),
        ("China", "全国", "2023年末，我国医疗卫生机构总数107.1万个。"),
        ("Henan", "河南", "2023年末，全省医疗卫生机构总数8.2万个。"),
    ],
)
def test_prefilled_regions_are_the_ids_of_regions_csv_whatever_name_it_gives(
    region_id, name_zh, text
):
    rows = pd.DataFrame(
        {"doc_id": "doc-a", "quote": [text[-12:]], "mention": "", "occurrence": "", "indicator_id": "",
         "region": region_id, "as_of": "2024-08-29", "period_start": "", "status": "actual", "note": "",
         "start": [text.index("10" if "107" in text else "8.2")], "value": [0], "unit": ["个"],
         "qualifier": "exact"}
    )  # fmt: skip
    regions = pd.DataFrame({"region_id": [region_id], "name_zh": [name_zh]})
    out = prefill_candidates(rows, text, "2024-08-29", region_id, None, regions)
    assert out.loc[0, "region"] == region_id


# -------------------------------------------------------------------- CLI --


def run_facts_cli(argv, stdin_text, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin_text.encode("utf-8"))))
    status = main(["facts", *argv])
    return status, *capsys.readouterr()


def test_cli_csv_has_the_extractor_columns_then_the_facts(monkeypatch, capsys):
    text = "截至11月9日，全市累计接种778.31万剂次。"
    status, out, err = run_facts_cli(
        ["--published", "2021-11-10", "--region", "淄博市", "--format", "csv"],
        text,
        monkeypatch,
        capsys,
    )
    assert status == 0 and err == ""
    header, row = out.splitlines()[:2]
    assert tuple(header.split(",")) == FACTS_COLUMNS
    assert FACTS_COLUMNS[:7] == ("source", "start", "end", "text", "value", "unit", "qualifier")
    assert FACTS_COLUMNS[7:15] == (
        "subject",
        "region",
        "as_of",
        "period_start",
        "status",
        "kind",
        "indicator_id",
        "score",
    )
    assert row.startswith("<stdin>,") and ",淄博市,2021-11-09," in row


def test_cli_json_and_table(monkeypatch, capsys):
    text = "到2025年底，每千人口拥有婴幼儿托位数达到4.5个。"
    status, out, _ = run_facts_cli(
        ["--published", "2023-03-01", "--region", "淄博", "--format", "json"],
        text,
        monkeypatch,
        capsys,
    )
    (row,) = json.loads(out)
    assert (row["as_of"], row["status"], row["region"]) == ("2025-12-31", "target", "淄博市")
    assert set(row) == set(FACTS_COLUMNS) and set(FACT_COLUMNS) < set(row)
    status, out, _ = run_facts_cli(["--published", "2023-03-01"], text, monkeypatch, capsys)
    assert status == 0 and out.splitlines()[0].split()[:4] == ["source", "start", "end", "text"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--published", "2023-13-01"],
            "--published: '2023-13-01' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ["--published", "2023-01-01", "--region", "市中区"],
            '--region: region "市中区" is ambiguous',
        ),
        (["--published", "2023-01-01", "no-such-file.txt"], "no-such-file.txt: no such file"),
        (
            ["--published", "2023-01-01", "--catalog", "missing.csv"],
            "--catalog: missing.csv: no such file",
        ),
    ],
)
def test_cli_errors_are_one_line(argv, message, monkeypatch, capsys):
    status, out, err = run_facts_cli(argv, "新增就业3.2万人", monkeypatch, capsys)
    assert status == 2 and out == ""
    assert err.startswith(f"zibo-analysis: error: {message}") and err.count("\n") == 1


# --------------------------------------------------------- leave-one-out --


def test_leave_one_out_scores_every_curated_row():
    from benchmarks.eval_facts import evaluate, summary

    results = evaluate()
    curation = pd.read_csv(ROOT / "data/curation.csv", dtype=str, keep_default_na=False)
    assert len(results) == len(curation) and results["found"].all()
    table = summary(results)
    assert {"as_of", "status", "region", "indicator"} <= set(table.columns)
    assert table.loc["all", "rows"] == len(curation)


# ----------------------------------------------------------------- review --


def test_review_marks_each_state_and_escapes_the_text():
    from zibo_analysis.facts.review import highlight, mention_states

    text = "<b>标题</b>\n共建成工作站102个，培训3000人，另有5个。"
    spans = [(text.index("102"), text.index("102") + 4), (text.index("3000"), text.index("3000") + 5),
             (text.index("5个"), text.index("5个") + 2)]  # fmt: skip
    states = mention_states(
        text, spans, curated={spans[0][0]}, todo={spans[1][0]}, ignored_quotes=["另有5个"]
    )
    assert states == ["curated", "todo", "ignored"]
    html = highlight(
        text, [(a, b, s, 'a "title"') for (a, b), s in zip(spans, states, strict=True)]
    )
    assert "&lt;b&gt;标题&lt;/b&gt;" in html and "<b>" not in html
    assert html.count('<mark class="') == 3 and 'title="a &quot;title&quot;"' in html


# ------------------------------------------------------------- robustness --

_ALPHABET = "0123456789.,%年月日时至—-以来截到前内底末全市区省国县淄博张店山东香港东西南北区萬億万亿个人家次率将力争计划已累计共，。；、：“”《》（）\n 的为达新增建成"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_any_text_gives_facts_whose_offsets_hold(text):
    for fact in find_facts(text, "2023-06-30", "淄博市"):
        assert text[fact.start : fact.end] == fact.text
        assert fact.status in ("actual", "target")
        assert fact.kind in ("stock", "cumulative", "flow", "rate", "ratio", "change")
        assert len(fact.as_of) == 10


_TIME_ALPHABET = (
    "0123456789年月日底末内季度上下半前第截至止到今本当去明全民国十一二三四五六七八九〇以来—-，。 "
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_TIME_ALPHABET, max_size=40))
@example("民国113年底")
@example("112年婴儿死亡率")
@example("112年6月")
@example("二〇二三年上半年")
def test_time_words_are_tried_wherever_one_can_start(text):
    """find_times tries its pattern only where `_START` says a time word may begin: it must
    say so wherever the pattern matches something."""
    from zibo_analysis.facts import time

    for pattern in (time._PATTERN, time._pattern_roc()):
        for at in range(len(text)):
            m = pattern.match(text, at)
            if m is not None and m.end() > at:
                assert time._START.match(text, at), (text, at, m.group())
