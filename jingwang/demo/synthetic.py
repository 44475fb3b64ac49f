"""Synthetic people, places and organisations for the demo and the benchmarks: realistic in shape,
invented in every detail (names drawn from surname frequencies, valid but made-up ID numbers and
credit codes, invented roads and compounds under real subdistrict names)."""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from jingwang.core import identity

# Surnames with their approximate share (per mille) of the population (2020 census order), and a
# tail of rarer ones whose reading as a surname differs from the character's usual one.
SURNAMES = (
    "王71 李70 张67 刘54 陈46 杨31 黄22 赵20 吴19 周19 徐15 孙15 马13 朱13 胡12 郭12 何11 林10 高10 罗10 "
    "郑9 梁9 谢8 宋7 唐7 许7 韩7 冯7 邓7 曹6 彭6 曾6 肖6 田5 董5 袁5 潘5 于5 蒋5 蔡5 余5 杜4 叶4 程4 "
    "苏4 魏4 吕4 丁4 任4 沈4 姚4 卢4 姜3 崔3 钟3 谭3 陆3 汪3 范3 金3 石3 廖3 贾3 夏3 韦3 付3 方3 白2 "
    "邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫2 段2 雷2 侯2 龙2 史2 陶2 黎2 贺2 顾2 毛2 郝2 龚2 邵2 万2 钱2 "
    "严2 覃1 武1 戴1 莫1 孔1 向1 汤1 常1 温1 康1 施1 文1 牛1 樊1 葛1 邢1 安1 齐1 易1 乔1 伍1 庞1 颜1 "
    "倪1 庄1 聂1 章1 鲁1 岳1 翟1 殷1 詹1 申1 欧1 耿1 关1 兰1 焦1 俞1 左1 柳1 甘1 祝1 包1 宁1 尚1 符1 "
    "舒1 阮1 柯1 纪1 梅1 童1 凌1 毕1 单0.3 解0.3 仇0.2 查0.2 乐0.2 缪0.2 朴0.1 区0.1 盖0.1 欧阳0.4 "
    "司马0.1 上官0.1 诸葛0.05 尉迟0.03 长孙0.03"
)
MALE_GIVEN = "伟强磊军勇杰涛明超刚平辉鹏华飞斌宇浩凯健俊帆帅旭宁波峰建国志文博立成龙海林东亮斌晨阳睿轩泽"
FEMALE_GIVEN = "芳娜秀英敏静丽艳娟霞兰桂红玉萍婷雪琳欣悦雅怡颖梦琪慧佳倩晶瑶珊蕾岚薇璐丹"
ROAD_WORDS = [
    "青石", "云锦", "梧桐", "凤栖", "紫竹", "金川", "银杏", "玉泉", "清凉", "石城", "钟灵", "龙蟠", "虎踞", "定淮",
    "白鹭", "乌衣", "桃叶", "芦席", "凤池", "汇文", "鸣羊", "丹霞", "竹林", "松涛", "枫林", "栖凤", "迎春", "望江",
    "观澜", "沧浪", "听涛", "揽月", "琅琊", "燕归", "菱角", "荷花", "樱驼", "晓庄", "新桥", "小桃", "朝阳", "安仁",
    "永宁", "福建", "清溪", "翠屏",
]  # fmt: skip
ROAD_SUFFIXES = ["路", "路", "路", "街", "巷", "大道"]
COMPOUND_WORDS = [
    "翠湖", "金陵", "颐和", "紫荆", "锦绣", "梧桐", "青石", "凤凰", "银城", "明月", "春江", "嘉园", "华府", "御景",
    "天润", "清华", "江岸", "兰亭", "书香", "瑞景", "福润", "阳光", "碧桂", "怡景", "绿洲", "水岸", "星河", "时代",
    "盛世", "宜家",
]  # fmt: skip
COMPOUND_SUFFIXES = ["苑", "花园", "家园", "新村", "小区", "华庭", "公寓", "山庄"]
BRAND_WORDS = [
    "金鼎", "恒通", "顺达", "汇丰", "鑫源", "华兴", "宏达", "新世纪", "同仁", "百佳", "嘉诚", "康乐", "联华", "瑞丰",
    "永安", "博雅", "天和", "正大",
]  # fmt: skip


@cache
def _surname_table() -> tuple[list[str], list[float]]:
    names, weights = [], []
    for item in SURNAMES.split():
        split = next(i for i, c in enumerate(item) if c.isdigit())
        names.append(item[:split])
        weights.append(float(item[split:]))
    return names, list(accumulate(weights))


def surname(rng: random.Random) -> str:
    names, cumulative = _surname_table()
    return names[bisect(cumulative, rng.random() * cumulative[-1])]


def given_name(rng: random.Random, male: bool) -> str:
    pool = MALE_GIVEN if male else FEMALE_GIVEN
    if rng.random() < 0.2:
        return rng.choice(pool)
    return rng.choice(pool) + rng.choice(pool)


def person_name(rng: random.Random, male: bool, family: str | None = None) -> str:
    return (family or surname(rng)) + given_name(rng, male)


# Mobile number prefixes in use (China Mobile, Unicom, Telecom and Broadnet).
MOBILE_PREFIXES = tuple(
    str(n) for n in (*range(130, 140), *range(150, 160), 166, *range(170, 179), *range(180, 200)) if n not in (154, 194)
)


def phone(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"


def birth_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


# --- identifiers ----------------------------------------------------------------------------------

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def organisation_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def credit_check(first17: str) -> str:
    """GB 32100 check character (MOD 31 over the code's alphabet)."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def credit_code(rng: random.Random, area: str, *, individual: bool = False) -> str:
    """A well-formed unified social credit code registered by market regulation (9) as an
    enterprise (1) or individual business (2), with a valid embedded organisation code."""
    body = "MA" + "".join(rng.choice(_USCC_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
    first17 = ("92" if individual else "91") + area + body + organisation_check(body)
    return first17 + credit_check(first17)


def id_number(rng: random.Random, region: str, birth: date, male: bool) -> str:
    return identity.synthetic_id_number(region, birth, sex=identity.MALE if male else identity.FEMALE, rng=rng)
