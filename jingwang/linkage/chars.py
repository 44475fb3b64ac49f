"""Characters people confuse when they write or type a name.

Similar-shaped characters (形近字) are mixed up by hand and by OCR; they are folded to one
representative before comparison, so 王/玉 or 己/已 in a name read the same. Homophones (同音字)
need no table for matching (pinyin without tones catches them); the table here only feeds the
synthetic data with the mistakes people really make when they type by pinyin.
"""

from __future__ import annotations

from functools import cache

# Each group: characters that look alike; the first is the representative.
SIMILAR_SHAPES = (
    "己已巳", "未末", "戊戌戍", "日曰", "土士", "干千于", "人入", "王玉主", "大太犬", "免兔",
    "侯候", "析折", "拔拨", "崇祟", "刺剌", "鸟乌", "贝见", "汩汨", "栗粟", "辨辩辫瓣", "历厉",
    "陈阵", "杨扬汤", "晴睛", "琳淋", "伟纬", "娟涓", "洁沽", "婷停", "霞瑕",
    "瑶摇谣", "珊姗", "璐路", "浩皓", "凯剀", "辉挥", "峰蜂锋",
    "琪祺棋", "慧彗", "晶晟", "宇字", "泽怿",
)  # fmt: skip

# Characters that share a reading (ignoring tones) and occur in names: what a pinyin input method
# offers next to the intended character.
HOMOPHONES = (
    "伟玮炜苇韦", "明鸣铭", "杰洁捷", "涛韬滔", "静靖婧", "丽莉俪", "华桦骅", "峰锋丰枫", "斌彬",
    "俊骏峻", "宇雨语羽", "浩昊皓", "凯楷恺", "军君钧", "勇永咏", "刚钢岗", "平萍苹", "辉晖徽",
    "鹏朋", "飞菲", "帆凡", "林琳霖麟", "东冬", "晨辰臣", "阳杨洋", "睿锐瑞", "轩萱宣", "泽择",
    "芳方舫", "秀绣", "英瑛莹", "艳燕妍", "娟鹃", "兰岚蓝", "红虹鸿", "玉钰煜", "婷亭庭", "欣馨新昕",
    "悦月岳", "雅亚", "怡宜仪", "颖影", "琪琦祺棋", "慧惠蕙", "佳嘉家", "倩茜", "晶菁京", "瑶遥姚",
    "珊姗杉", "蕾磊", "薇微维", "璐露路", "张章", "王汪", "刘柳", "徐许", "吴武", "黄皇", "杨阳",
    "周舟", "郑正", "孙荪", "胡湖", "林霖", "何和", "高皋", "梁良", "谢蟹", "韩寒", "冯逢", "邓登",
    "彭蓬", "肖萧", "程成", "姚尧", "卢芦", "钟忠", "付傅", "江姜", "龙隆", "文闻", "齐奇", "易义",
)  # fmt: skip


@cache
def shape_table() -> dict[int, str]:
    """Code point -> representative of its similar-shape group (only characters in a group)."""
    return {ord(ch): group[0] for group in SIMILAR_SHAPES for ch in group[1:]}


@cache
def _groups(groups: tuple[str, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for group in groups:
        for ch in group:
            table[ch] = table.get(ch, "") + group.replace(ch, "")
    return table


def similar_shapes(ch: str) -> str:
    """The characters that look like `ch` (empty when none is listed)."""
    return _groups(SIMILAR_SHAPES).get(ch, "")


def homophones(ch: str) -> str:
    """The characters that read like `ch` in a name (empty when none is listed)."""
    return _groups(HOMOPHONES).get(ch, "")


def fold_shapes(text: str) -> str:
    """Similar-shaped characters folded to one representative: 玉明 → 王明."""
    return text.translate(shape_table())
