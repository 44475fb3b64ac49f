"""The key trades and their duties, seeded from WORKFLOWS.md §2 (sources named per trade). Data,
not code: the system administrator edits the rows; the 24-hour staff filing and the 1-hour
incident report are Pengyang's plan (local defaults, no national source found)."""

from __future__ import annotations

from typing import Any

COMMON_CHECKS = ["从业人员已报备", "治安保卫责任人在岗", "消防通道畅通、灭火器有效", "监控设备正常运行"]

# code, name, what must be registered, venue filing (days), retention (days), who is told how
# fast, registers guests, barred list kinds, trade checklist items, rectification days, source
TRADES: list[dict[str, object]] = [
    {
        "code": "hotel",
        "name": "旅馆业",
        "must_register": (
            "核验身份证件，逐人登记姓名、性别、民族、住址、证件、房号、入住和退房时间；"
            "即来即验证、即验即登记、即登即上传、即走即核销；境外人员24小时内报送"
        ),
        "retention_days": 90,
        "who_is_told": "网上追逃人员立即报告；境外人员住宿24小时内报送",
        "registers_guests": True,
        "checklist": ["旅客逐人实名登记并实时上传", "监控录像保存不少于90日"],
        "source": "旅馆业治安管理办法（2017年修订征求意见稿）",
    },
    {
        "code": "entertainment",
        "name": "娱乐场所",
        "must_register": (
            "从业人员名簿（附身份证复印件）；营业日志记录当班人员，不得涂改，保存60日；"
            "巡查记录；凌晨2时至上午8时不得营业"
        ),
        "filing_days": 15,
        "retention_days": 60,
        "who_is_told": "取得许可证后15日内向公安机关备案；从业人员、营业日志、巡查情况实时录入",
        "barred_categories": ["watchlist:wanted", "focus:drug", "focus:released"],
        "checklist": ["营业日志完整未涂改", "凌晨2时至8时未营业", "无法律禁止人员从业"],
        "source": "娱乐场所管理条例",
    },
    {
        "code": "pawnshop",
        "name": "典当业",
        "must_register": "查验当户身份证件和物品来源，登记并录入系统",
        "who_is_told": "可疑物品或被通缉人员立即报告",
        "checklist": ["当户身份和物品来源查验登记", "可疑物品报告记录"],
        "source": "典当管理办法",
    },
    {
        "code": "scrap_metal",
        "name": "废旧金属收购业",
        "must_register": "收购生产性废旧金属：出售单位名称、经办人姓名和身份证号、物品名称数量",
        "filing_days": 15,
        "who_is_told": "开业后15日内向县级公安机关备案",
        "checklist": ["生产性废旧金属收购登记完整"],
        "source": "废旧金属收购业治安管理办法",
    },
    {
        "code": "locksmith",
        "name": "开锁业",
        "must_register": "入户开锁须有产权人或居（村）委会见证，填写公安机关印制的开锁登记单并由各方签字",
        "retention_days": 90,
        "who_is_told": "开锁登记单保存不少于3个月",
        "checklist": ["开锁登记单见证签字齐全"],
        "source": "地方开锁业管理规定",
    },
    {
        "code": "second_hand",
        "name": "旧货业",
        "must_register": "查验出售人身份证件；手机登记IMEI，电脑登记MAC，车辆登记号牌、发动机号和车架号",
        "checklist": ["出售人身份登记", "手机IMEI、电脑MAC、车辆号码登记"],
        "source": "旧货流通管理办法",
    },
    {
        "code": "seal_engraving",
        "name": "印章刻制业",
        "must_register": "特种行业许可；上传用章单位信息，赋防伪码，印模备案",
        "checklist": ["特种行业许可证在有效期内", "印模备案和防伪码"],
        "source": "印铸刻字业暂行管理规则",
    },
    {
        "code": "delivery",
        "name": "寄递物流业",
        "must_register": "查验并登记寄件人身份证件；无证件的拒收",
        "checklist": ["寄件人实名查验登记", "收寄验视"],
        "source": "反恐怖主义法第二十条；快递暂行条例",
    },
    {
        "code": "hazardous_chemicals",
        "name": "危险化学品",
        "must_register": "剧毒化学品和易制爆化学品购销双方5日内向县级公安机关报告",
        "retention_days": 365,
        "who_is_told": "购买和销售5日内报告县级公安机关；台账保存不少于1年",
        "checklist": ["购销台账完整并保存1年", "5日内购销报告"],
        "rectification_days": 3,
        "source": "危险化学品安全管理条例",
    },
    {
        "code": "precursor_chemicals",
        "name": "易制毒化学品",
        "must_register": "第一类5日内、第二类和第三类30日内报告",
        "retention_days": 730,
        "who_is_told": "第一类5日内、第二类和第三类30日内备案；台账保存2年",
        "checklist": ["购销台账保存2年", "按类别报告备案"],
        "rectification_days": 3,
        "source": "易制毒化学品管理条例",
    },
    {
        "code": "internet_cafe",
        "name": "互联网上网服务营业场所",
        "must_register": "核对、登记上网消费者有效身份证件，记录上网信息",
        "retention_days": 60,
        "who_is_told": "违法行为立即报告",
        "checklist": ["上网人员实名登记", "未成年人禁入标志和执行"],
        "source": "互联网上网服务营业场所管理条例",
    },
]


def seed_trades(trade_model: Any, policy_model: Any) -> None:
    """Write the trades (and the police's deadline to acknowledge a venue's incident) where they
    are missing. Called by migration 0002 with its historical models, and by the demo seed, which
    also runs on a database a test emptied."""
    for row in TRADES:
        values = dict(row)
        checklist = values.get("checklist", [])
        values["checklist"] = [*COMMON_CHECKS, *(checklist if isinstance(checklist, list) else [])]
        trade_model.objects.get_or_create(code=values.pop("code"), defaults=values)
    # Acknowledged within two hours (yellow at one), the bureau four hours after red.
    policy_model.objects.get_or_create(
        kind="venues.incident",
        stage="response",
        level="",
        urgency="",
        defaults={"yellow_hours": 1, "red_hours": 2, "bureau_hours": 4},
    )
