"""一标三实: standard addresses, actual houses, persons and units (SYSTEM.md §3)."""

from jingwang.registry.models.address import Address, AddressAlias
from jingwang.registry.models.collection import Collection, CollectionKind, CollectionPhoto, CollectionStatus
from jingwang.registry.models.history import Change
from jingwang.registry.models.house import HazardLevel, House, HouseType, HouseUse
from jingwang.registry.models.imports import ImportJob, ImportKind, ImportStatus
from jingwang.registry.models.links import Employment, HouseholdRelation, Relation, Residence
from jingwang.registry.models.merges import CollectionMatch, MergeRecord, MergeSuggestion, SuggestionStatus
from jingwang.registry.models.person import DocumentType, Person, ResidenceType, Sex
from jingwang.registry.models.unit import KEY_INDUSTRIES, Industry, Unit, UnitType

__all__ = [
    "KEY_INDUSTRIES",
    "Address",
    "AddressAlias",
    "Change",
    "Collection",
    "CollectionKind",
    "CollectionMatch",
    "CollectionPhoto",
    "CollectionStatus",
    "DocumentType",
    "Employment",
    "HazardLevel",
    "House",
    "HouseType",
    "HouseUse",
    "HouseholdRelation",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "Industry",
    "MergeRecord",
    "MergeSuggestion",
    "Person",
    "Relation",
    "Residence",
    "ResidenceType",
    "Sex",
    "SuggestionStatus",
    "Unit",
    "UnitType",
]
