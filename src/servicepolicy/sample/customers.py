"""The example centre's customers: about 200 companies in tiers, each served by a desk.

Tiers follow the key-account programme (TIER-1: ``strategic``, ``important``,
``potential``) with everyone else ``general`` (TIER-2).  Key accounts have an account
manager (``AM-1`` … ``AM-6``), two contact persons, a founding day and a contact's
birthday (TIER-3, TIER-4); strategic accounts have contract terms and special needs
(CONF-2).  Names, people, phone numbers and addresses are invented; e-mail addresses use
``example.com``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import random
from datetime import date

from servicepolicy.customers import BIRTHDAY, FOUNDING_DAY, Contact, Customer, SpecialDate

__all__ = ["DESKS", "TIERS", "customers", "desk_of"]

TIERS = ("strategic", "important", "potential", "general")
"""The tiers, highest first."""

DESKS = ("hotline", "exhibition", "logistics")
"""The desks a customer may be served by; its tickets open there."""

_COUNTS = {"strategic": 6, "important": 14, "potential": 30, "general": 150}
_PLACES = (
    "Huadong",
    "Pudong",
    "Jiangnan",
    "Minhang",
    "Hongqiao",
    "Lingang",
    "Zhangjiang",
    "Songjiang",
    "Jinqiao",
    "Yangpu",
    "Xuhui",
    "Baoshan",
    "Jiading",
    "Qingpu",
    "Fengxian",
    "Chongming",
    "Suzhou",
    "Hangzhou",
    "Ningbo",
    "Wuxi",
    "Nantong",
    "Kunshan",
    "Jiaxing",
    "Changzhou",
)
_INDUSTRIES = {
    "hotline": ("electronics", "retail", "home appliances", "telecom", "software"),
    "exhibition": ("exhibition services", "machinery", "textiles", "cosmetics", "furniture"),
    "logistics": ("logistics", "auto parts", "foods", "pharmaceuticals", "chemicals"),
}
_SUFFIXES = ("Co., Ltd.", "Group", "Trading Co.", "Technology Co.", "Industrial Co.")
_FAMILY = (
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Luo",
    "Gao",
)
_GIVEN = (
    "Wei",
    "Fang",
    "Min",
    "Jing",
    "Lei",
    "Jun",
    "Yan",
    "Tao",
    "Ming",
    "Hui",
    "Xin",
    "Qiang",
    "Li",
    "Ping",
    "Hong",
    "Yu",
    "Bo",
    "Lan",
    "Hao",
    "Ying",
)
_ROLES = (
    "purchasing manager",
    "operations director",
    "general manager",
    "marketing manager",
    "logistics coordinator",
    "finance manager",
)
_ROADS = (
    "Century Avenue",
    "Nanjing Road",
    "Huaihai Road",
    "Zhangyang Road",
    "Longyang Road",
    "Caoxi Road",
    "Yan'an Road",
    "Siping Road",
    "Hongmei Road",
    "Jinke Road",
)
_DISTRICTS = ("Pudong New", "Huangpu", "Xuhui", "Changning", "Jing'an", "Minhang", "Yangpu")
_SCOPES = {
    "electronics": "consumer electronics and after-sales service",
    "retail": "chain stores in East China",
    "home appliances": "kitchen and home appliances",
    "telecom": "enterprise conference-call services",
    "software": "enterprise software and support",
    "exhibition services": "booth design and construction",
    "machinery": "industrial machinery, exhibits at trade fairs",
    "textiles": "textiles and garments, exhibits at trade fairs",
    "cosmetics": "cosmetics brands, exhibits at trade fairs",
    "furniture": "office furniture, exhibits at trade fairs",
    "logistics": "freight forwarding and warehousing",
    "auto parts": "automotive parts, just-in-time deliveries",
    "foods": "packaged foods, cold-chain deliveries",
    "pharmaceuticals": "pharmaceuticals, temperature-controlled deliveries",
    "chemicals": "industrial chemicals, hazardous-goods deliveries",
}


def desk_of(customer: Customer) -> str:
    """The desk serving ``customer``: the exhibition desk for exhibition industries, the
    logistics desk for shippers, the hotline for everyone else.

    .. versionadded:: 0.1.0
    """
    for desk, industries in _INDUSTRIES.items():
        if customer.industry in industries:
            return desk
    return "hotline"


def _person(rng: random.Random) -> tuple[str, str]:
    family, given = rng.choice(_FAMILY), rng.choice(_GIVEN)
    return f"{family} {given}", f"{given.lower()}.{family.lower()}"


def _contact(rng: random.Random, domain: str) -> Contact:
    name, handle = _person(rng)
    phone = f"+86 21 5{rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
    return Contact(name, role=rng.choice(_ROLES), phone=phone, email=f"{handle}@{domain}")


def customers(rng: random.Random) -> tuple[Customer, ...]:
    """About 200 customers ``C-001`` … with their tiers, desks (by industry) and owners.

    .. versionadded:: 0.1.0
    """
    found = []
    used: set[str] = set()
    number = 0
    for tier, count in _COUNTS.items():
        key = tier != "general"
        for _ in range(count):
            number += 1
            desk = rng.choices(DESKS, weights=(5, 3, 3) if key else (6, 2, 2))[0]
            industry = rng.choice(_INDUSTRIES[desk])
            name = ""
            while not name or name in used:
                name = f"{rng.choice(_PLACES)} {industry.title()} {rng.choice(_SUFFIXES)}"
            used.add(name)
            domain = f"{name.split()[0].lower()}-{number:03d}.example.com"
            people = [_contact(rng, domain) for _ in range(2 if key else 1)]
            dates: tuple[SpecialDate, ...] = ()
            if key:
                founded = date(
                    rng.randrange(1985, 2015), rng.randrange(1, 13), rng.randrange(1, 29)
                )
                born = date(rng.randrange(1965, 1995), rng.randrange(1, 13), rng.randrange(1, 29))
                dates = (
                    SpecialDate(FOUNDING_DAY, founded),
                    SpecialDate(BIRTHDAY, born, person=people[0].name),
                )
            strategic = tier == "strategic"
            found.append(
                Customer(
                    f"C-{number:03d}",
                    name,
                    industry=industry,
                    tier=tier,
                    owner=f"AM-{rng.randrange(1, 7)}" if key else None,
                    contacts=tuple(people),
                    address=f"{rng.randrange(1, 999)} {rng.choice(_ROADS)}, "
                    f"{rng.choice(_DISTRICTS)} District, Shanghai",
                    business_scope=_SCOPES[industry],
                    special_dates=dates,
                    special_needs="bilingual (English) support on the hotline"
                    if strategic
                    else None,
                    contract_terms="framework agreement 2025-2027, priority support"
                    if tier in ("strategic", "important")
                    else None,
                )
            )
    return tuple(found)
