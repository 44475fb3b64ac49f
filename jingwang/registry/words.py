"""The words people put in spreadsheets for coded values (出租, 宾馆, 个体工商户 …), mapped to the
codes the registry stores, whatever language the import runs in. What is not listed here is left
for `validation` to accept (codes, labels in the active language) or refuse."""

from __future__ import annotations

from functools import cache

from django.utils import translation

from jingwang.registry.models import DocumentType, HazardLevel, HouseType, HouseUse, Industry, UnitType

WORDS: dict[str, dict[str, str]] = {
    "house_type": {
        "住宅": HouseType.APARTMENT, "楼房": HouseType.APARTMENT, "公寓": HouseType.APARTMENT,
        "单元房": HouseType.APARTMENT, "商品房": HouseType.APARTMENT, "平房": HouseType.BUNGALOW,
        "别墅": HouseType.VILLA, "宿舍": HouseType.DORMITORY, "集体宿舍": HouseType.DORMITORY,
        "商铺": HouseType.SHOP, "门面": HouseType.SHOP, "门面房": HouseType.SHOP, "商业用房": HouseType.SHOP,
        "其他": HouseType.OTHER,
    },
    "use": {
        "自住": HouseUse.SELF_OCCUPIED, "出租": HouseUse.RENTED, "租赁": HouseUse.RENTED,
        "空置": HouseUse.VACANT, "闲置": HouseUse.VACANT, "经营": HouseUse.BUSINESS, "商用": HouseUse.BUSINESS,
        "混合": HouseUse.MIXED, "混用": HouseUse.MIXED, "自住兼出租": HouseUse.MIXED,
    },
    "hazard_level": {
        "无": HazardLevel.NONE, "低": HazardLevel.LOW, "中": HazardLevel.MEDIUM, "高": HazardLevel.HIGH,
        "一般": HazardLevel.LOW, "较大": HazardLevel.MEDIUM, "重大": HazardLevel.HIGH,
    },
    "unit_type": {
        "企业": UnitType.COMPANY, "公司": UnitType.COMPANY, "个体": UnitType.INDIVIDUAL,
        "个体工商户": UnitType.INDIVIDUAL, "事业单位": UnitType.PUBLIC, "机关": UnitType.GOVERNMENT,
        "政府机关": UnitType.GOVERNMENT, "社会组织": UnitType.SOCIAL, "社会团体": UnitType.SOCIAL,
        "其他": UnitType.OTHER,
    },
    "industry": {
        "旅馆": Industry.HOTEL, "旅馆业": Industry.HOTEL, "宾馆": Industry.HOTEL, "酒店": Industry.HOTEL,
        "二手": Industry.SECOND_HAND, "典当": Industry.SECOND_HAND, "旧货": Industry.SECOND_HAND,
        "二手及典当": Industry.SECOND_HAND, "娱乐": Industry.ENTERTAINMENT, "娱乐场所": Industry.ENTERTAINMENT,
        "物流": Industry.LOGISTICS, "快递": Industry.LOGISTICS, "寄递": Industry.LOGISTICS,
        "物流寄递": Industry.LOGISTICS, "危险品": Industry.HAZARDOUS, "危化品": Industry.HAZARDOUS,
        "危险化学品": Industry.HAZARDOUS, "房屋中介": Industry.RENTAL_AGENCY, "租赁中介": Industry.RENTAL_AGENCY,
        "餐饮": Industry.CATERING, "零售": Industry.RETAIL, "商超": Industry.RETAIL, "制造": Industry.MANUFACTURING,
        "制造业": Industry.MANUFACTURING, "教育": Industry.EDUCATION, "医疗": Industry.HEALTH,
        "卫生": Industry.HEALTH, "医疗卫生": Industry.HEALTH, "其他": Industry.OTHER,
    },
    "document_type": {
        "居民身份证": DocumentType.RESIDENT_ID, "身份证": DocumentType.RESIDENT_ID,
        "临时身份证": DocumentType.TEMPORARY_ID, "临时居民身份证": DocumentType.TEMPORARY_ID,
        "护照": DocumentType.PASSPORT, "港澳居民来往内地通行证": DocumentType.HK_MACAO_PERMIT,
        "台湾居民来往大陆通行证": DocumentType.TAIWAN_PERMIT, "外国人永久居留身份证": DocumentType.FOREIGN_PERMANENT,
        "其他": DocumentType.OTHER,
    },
    "residence_type": {
        "户籍人口": "registered", "常住人口": "registered", "流动人口": "floating", "境外人员": "overseas",
    },
}  # fmt: skip
CHOICES = {
    "house_type": HouseType,
    "use": HouseUse,
    "hazard_level": HazardLevel,
    "unit_type": UnitType,
    "industry": Industry,
    "document_type": DocumentType,
}


@cache
def _table() -> dict[str, dict[str, str]]:
    """The words above plus every choice's label in Chinese and English (and lower-case English)."""
    table = {name: dict(words) for name, words in WORDS.items()}
    for name, choices in CHOICES.items():
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                for code, label in choices.choices:
                    table[name].setdefault(str(label), str(code))
                    table[name].setdefault(str(label).lower(), str(code))
    return table


def normalise_choices(record: dict[str, str]) -> dict[str, str]:
    """The record with coded values replaced by their codes where the word is known."""
    table = _table()
    for name in record.keys() & table.keys():
        value = record[name].strip()
        record[name] = table[name].get(value) or table[name].get(value.lower()) or value
    return record
