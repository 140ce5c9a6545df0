"""Master data of the demo plant: site, equipment, products, characteristics, customers.

The structure is fixed (ids such as M-111 or P-300 are the same for every seed, so docs and tests
can name them); the seed varies behaviour, not the shape of the plant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal as D

from app.domain import (
    BomItem,
    Characteristic,
    Contact,
    Customer,
    Equipment,
    EquipmentLevel,
    Holiday,
    OperationTemplate,
    Product,
    Routing,
    Shift,
    Site,
    UnitConversion,
)

SITE = Site(id="S-HSC", name="Hsinchu Gear Works", time_zone="Asia/Taipei")

AREAS = (("A-MACH", "Machining"), ("A-ASSY", "Assembly"))
LINES = (
    ("LN-1", "A-MACH", "Line 1 – Shafts"),
    ("LN-2", "A-MACH", "Line 2 – Housings"),
    ("LN-3", "A-ASSY", "Line 3 – Gear units"),
)
# work center id, line, name, machine ids
WORK_CENTERS = (
    ("WC-110", "LN-1", "CNC turning", ("M-111", "M-112", "M-113")),
    ("WC-120", "LN-1", "Milling", ("M-121", "M-122")),
    ("WC-150", "LN-1", "Induction hardening", ("M-151",)),
    ("WC-130", "LN-1", "Grinding", ("M-131", "M-132")),
    ("WC-140", "LN-1", "Washing", ("M-141",)),
    ("WC-210", "LN-2", "Machining centers", ("M-211", "M-212", "M-213")),
    ("WC-220", "LN-2", "Drilling and tapping", ("M-221", "M-222")),
    ("WC-230", "LN-2", "Deburring", ("M-231",)),
    ("WC-240", "LN-2", "CMM inspection", ("M-241",)),
    ("WC-310", "LN-3", "Assembly cells", ("M-311", "M-312", "M-313")),
    ("WC-320", "LN-3", "End-of-line test", ("M-321", "M-322")),
    ("WC-330", "LN-3", "Packing", ("M-331", "M-332")),
)


def equipment(work_centers: tuple = WORK_CENTERS) -> list[Equipment]:
    out = [Equipment(id=a, site_id=SITE.id, level=EquipmentLevel.AREA, name=n) for a, n in AREAS]
    for line_id, area, name in LINES:
        out.append(Equipment(id=line_id, site_id=SITE.id, level=EquipmentLevel.LINE, name=name,
                             parent_id=area))
    for wc, line_id, name, machines in work_centers:
        out.append(Equipment(id=wc, site_id=SITE.id, level=EquipmentLevel.WORK_CENTER, name=name,
                             parent_id=line_id))
        for i, m in enumerate(machines, 1):
            out.append(Equipment(id=m, site_id=SITE.id, level=EquipmentLevel.MACHINE,
                                 name=f"{name} {i}", parent_id=wc))
    return out


# --- calendars: machining runs three shifts Monday to Saturday, assembly two on weekdays ----
@dataclass(frozen=True, slots=True)
class CalendarDef:
    id: str
    lines: tuple[str, ...]
    shifts: tuple[Shift, ...]


CALENDARS = (
    CalendarDef("CAL-MACH", ("LN-1", "LN-2"), (
        Shift(name="Early", weekdays=[0, 1, 2, 3, 4, 5], start=time(6), end=time(14)),
        Shift(name="Late", weekdays=[0, 1, 2, 3, 4, 5], start=time(14), end=time(22)),
        Shift(name="Night", weekdays=[0, 1, 2, 3, 4], start=time(22), end=time(6)),
    )),
    CalendarDef("CAL-ASSY", ("LN-3",), (
        Shift(name="Early", weekdays=[0, 1, 2, 3, 4], start=time(6), end=time(14)),
        Shift(name="Late", weekdays=[0, 1, 2, 3, 4], start=time(14), end=time(22)),
    )),
)

# Taiwan's fixed-date holidays, and the lunar ones for the years the demo is likely to run in.
_FIXED_HOLIDAYS = ((1, 1, "New Year's Day"), (2, 28, "Peace Memorial Day"),
                   (4, 4, "Children's Day"), (5, 1, "Labour Day"), (10, 10, "National Day"))
_LUNAR_HOLIDAYS = {
    2024: ((2, 9, "Lunar New Year's Eve"), (2, 12, "Lunar New Year"), (6, 10, "Dragon Boat"),
           (9, 17, "Mid-Autumn")),
    2025: ((1, 28, "Lunar New Year's Eve"), (1, 29, "Lunar New Year"), (5, 31, "Dragon Boat"),
           (10, 6, "Mid-Autumn")),
    2026: ((2, 16, "Lunar New Year's Eve"), (2, 17, "Lunar New Year"), (6, 19, "Dragon Boat"),
           (9, 25, "Mid-Autumn")),
    2027: ((2, 5, "Lunar New Year's Eve"), (2, 6, "Lunar New Year"), (6, 9, "Dragon Boat"),
           (9, 15, "Mid-Autumn")),
}


def holidays(years: range) -> list[Holiday]:
    out = []
    for y in years:
        days = [*_FIXED_HOLIDAYS, *_LUNAR_HOLIDAYS.get(y, ())]
        out.extend(Holiday(day=date(y, m, d), name=n) for m, d, n in days)
    return sorted(out, key=lambda h: h.day)


# --- products ------------------------------------------------------------------------------
SUPPLIERS = {
    "RM-STEEL": ("China Steel Corp.", "CS"),
    "RM-CAST": ("Hsin Yu Foundry", "HY"),
    "RM-PLATE": ("Alu Formosa Ltd.", "AF"),
    "RM-BRG": ("Nippon Bearing Trading", "NB"),
    "RM-SEAL": ("Kaohsiung Seals Co.", "KS"),
    "RM-CARTON": ("Pacific Paper Box", "PP"),
}
# product -> (receipt size, reorder point) for raw materials
RAW_RECEIPTS = {"RM-STEEL": (D(900), D(400)), "RM-CAST": (D(400), D(200)),
                "RM-PLATE": (D(400), D(150)), "RM-BRG": (D(2000), D(600)),
                "RM-SEAL": (D(1000), D(300)), "RM-CARTON": (D(1000), D(300))}
# component -> (batch, reorder point): replenished by make-to-stock work orders
# Small batches with several in flight keep the parallel machines of a work center busy.
COMPONENT_STOCK = {"P-110": (D(80), D(450)), "P-120": (D(100), D(550)),
                   "P-210": (D(60), D(450)), "P-220": (D(80), D(450))}
INITIAL_STOCK = {"P-110": D(480), "P-120": D(600), "P-210": D(480), "P-220": D(480)}
SELLABLE = ("P-300", "P-310")
SERIALIZED = ("P-300",)
COLOURS = ("RAL 5015 sky blue", "RAL 7035 light grey", "RAL 9005 black")


def _op(seq: int, name: str, wc: str, setup: str, run: str) -> OperationTemplate:
    return OperationTemplate(sequence=seq, name=name, work_center_id=wc, setup_minutes=D(setup),
                             run_seconds_per_unit=D(run))


def _raw(pid: str, name: str, unit: str, conv: list[UnitConversion] | None = None) -> Product:
    # The suppliers deliver a shortage at once (an expedited delivery, app.sim.lots): a need
    # that no stock or open receipt covers holds no work, and the MES says so.
    return Product(id=pid, code=pid.replace("RM-", "R"), name=name, unit=unit, kind="raw",
                   conversions=conv or [], lead_time_days=D(0))


def products() -> list[Product]:
    pcs = "pcs"
    return [
        _raw("RM-STEEL", "Steel bar 42CrMo4 Ø30", "kg",
             [UnitConversion(from_unit="m", to_unit="kg", factor=D("5.55"))]),
        _raw("RM-CAST", "Housing casting AlSi10Mg", pcs),
        _raw("RM-PLATE", "Aluminium plate 6082 8 mm", "kg"),
        _raw("RM-BRG", "Ball bearing 6204-2RS", pcs,
             [UnitConversion(from_unit="box", to_unit=pcs, factor=D(50))]),
        _raw("RM-SEAL", "Shaft seal 25x47x7", pcs),
        _raw("RM-CARTON", "Carton GU", pcs),
        Product(id="P-110", code="DS-25", name="Drive shaft DS-25", unit=pcs, kind="component",
                routing=Routing(operations=[
                    _op(10, "Turn", "WC-110", "35", "95"),
                    _op(20, "Mill keyway", "WC-120", "25", "70"),
                    _op(30, "Harden", "WC-150", "15", "40"), _op(40, "Grind", "WC-130", "30", "85"),
                    _op(50, "Wash", "WC-140", "5", "20")]),
                bom=[BomItem(component_id="RM-STEEL", quantity_per_unit=D("0.9"), unit="kg")]),
        Product(id="P-120", code="PS-18", name="Pinion shaft PS-18", unit=pcs, kind="component",
                routing=Routing(operations=[
                    _op(10, "Turn", "WC-110", "30", "80"),
                    _op(20, "Hob teeth", "WC-120", "25", "90"),
                    _op(30, "Harden", "WC-150", "15", "35"),
                    _op(40, "Grind", "WC-130", "25", "70")]),
                bom=[BomItem(component_id="RM-STEEL", quantity_per_unit=D("0.6"), unit="kg")]),
        Product(id="P-210", code="GH-47", name="Gearbox housing GH-47", unit=pcs, kind="component",
                routing=Routing(operations=[
                    _op(10, "Mill and bore", "WC-210", "45", "210"),
                    _op(20, "Drill and tap", "WC-220", "20", "90"),
                    _op(30, "Deburr", "WC-230", "10", "45"),
                    _op(40, "Inspect", "WC-240", "10", "60")]),
                bom=[BomItem(component_id="RM-CAST", quantity_per_unit=D(1), unit=pcs)]),
        Product(id="P-220", code="CP-47", name="Cover plate CP-47", unit=pcs, kind="component",
                routing=Routing(operations=[
                    _op(10, "Mill", "WC-210", "30", "100"), _op(20, "Drill", "WC-220", "15", "45"),
                    _op(30, "Deburr", "WC-230", "5", "25")]),
                bom=[BomItem(component_id="RM-PLATE", quantity_per_unit=D("0.8"), unit="kg")]),
        Product(id="P-300", code="GU-300", name="Gear unit GU-300", unit=pcs,
                conversions=[UnitConversion(from_unit="case", to_unit=pcs, factor=D(4))],
                routing=Routing(operations=[
                    _op(10, "Assemble", "WC-310", "20", "240"),
                    _op(20, "Test", "WC-320", "10", "120"),
                    _op(30, "Pack", "WC-330", "5", "45")]),
                bom=_gear_unit_bom(D(1))),
        Product(id="P-310", code="GU-310", name="Gear unit GU-310, painted to order", unit=pcs,
                conversions=[UnitConversion(from_unit="case", to_unit=pcs, factor=D(4))],
                routing=Routing(operations=[
                    _op(10, "Assemble and paint", "WC-310", "25", "300"),
                    _op(20, "Test", "WC-320", "10", "120"), _op(30, "Pack", "WC-330", "5", "45")]),
                bom=_gear_unit_bom(D(2))),
    ]


def _gear_unit_bom(pinions: D) -> list[BomItem]:
    return [BomItem(component_id="P-110", quantity_per_unit=D(1), unit="pcs"),
            BomItem(component_id="P-120", quantity_per_unit=pinions, unit="pcs"),
            BomItem(component_id="P-210", quantity_per_unit=D(1), unit="pcs"),
            BomItem(component_id="P-220", quantity_per_unit=D(1), unit="pcs"),
            BomItem(component_id="RM-BRG", quantity_per_unit=D(2), unit="pcs"),
            BomItem(component_id="RM-SEAL", quantity_per_unit=D(1), unit="pcs"),
            BomItem(component_id="RM-CARTON", quantity_per_unit=D(1), unit="pcs")]


def characteristics() -> list[Characteristic]:
    def c(cid: str, pid: str, seq: int, name: str, unit: str, lsl: str | None, usl: str | None,
          target: str | None, critical: bool = False) -> Characteristic:
        return Characteristic(id=cid, product_id=pid, operation_sequence=seq, name=name, unit=unit,
                              lsl=D(lsl) if lsl else None, usl=D(usl) if usl else None,
                              target=D(target) if target else None, subgroup_size=5,
                              critical=critical)
    return [
        c("CH-110-10", "P-110", 10, "Journal diameter Ø25", "mm", "24.985", "25.015", "25.000",
          True),
        c("CH-110-40", "P-110", 40, "Surface roughness Ra", "µm", None, "0.80", "0.40"),
        c("CH-120-20", "P-120", 20, "Tooth profile deviation", "µm", "-12", "12", "0"),
        c("CH-210-10", "P-210", 10, "Bearing bore diameter Ø47", "mm", "47.000", "47.025", "47.012",
          True),
        c("CH-210-20", "P-210", 20, "Hole position", "mm", "-0.050", "0.050", "0.000"),
        c("CH-220-10", "P-220", 10, "Flatness", "mm", None, "0.050", "0.020"),
        c("CH-300-20", "P-300", 20, "Output torque at rated speed", "Nm", "48.0", "52.0", "50.0",
          True),
        c("CH-300-21", "P-300", 20, "Noise level", "dB(A)", None, "68.0", "62.0"),
        c("CH-310-20", "P-310", 20, "Output torque at rated speed", "Nm", "58.0", "62.0", "60.0",
          True),
    ]


# --- customers -----------------------------------------------------------------------------
# id, number, name, key account, language, country
CUSTOMERS = (
    ("C-001", "10001", "Formosa Conveyor Systems", True, "zh_TW", "TW"),
    ("C-002", "10002", "Nordwind Antriebstechnik GmbH", True, "en", "DE"),
    ("C-003", "10003", "Pacific Packaging Machinery", False, "en", "US"),
    ("C-004", "10004", "台中精機自動化股份有限公司", True, "zh_TW", "TW"),
    ("C-005", "10005", "Sakura Robotics K.K.", False, "en", "JP"),
    ("C-006", "10006", "Lumen Agritech B.V.", False, "en", "NL"),
    ("C-007", "10007", "宏達輸送設備有限公司", False, "zh_TW", "TW"),
    ("C-008", "10008", "Andes Mining Supply", False, "en", "CL"),
    ("C-009", "10009", "Baltic Food Lines", False, "en", "PL"),
    ("C-010", "10010", "高雄海事工程", False, "zh_TW", "TW"),
)
_CONTACT_NAMES = (
    ("Lin Mei-hua", "Chen Wei"), ("Anna Vogel", "Jonas Brandt"), ("Maria Lopez", "Tom Becker"),
    ("王志明", "李佳玲"), ("Sato Haruki", "Ito Yumi"), ("Eva de Vries", "Pieter Smit"),
    ("黃建國", "張雅婷"), ("Diego Rojas", "Camila Soto"), ("Piotr Nowak", "Ola Wiśniewska"),
    ("吳俊傑", "林淑芬"),
)


def customers() -> list[Customer]:
    return [Customer(id=i, number=n, name=name, key_account=k, language=lang, country=cc)
            for i, n, name, k, lang, cc in CUSTOMERS]


def contacts() -> list[Contact]:
    out = []
    for (cid, _, _, _, lang, cc), names in zip(CUSTOMERS, _CONTACT_NAMES, strict=True):
        domain = f"{cid.lower().replace('-', '')}.example.com"
        for j, name in enumerate(names, 1):
            out.append(Contact(id=f"CT-{cid[2:]}{j}", customer_id=cid, name=name,
                               email=f"contact{j}@{domain}",
                               phone=f"+{_DIAL[cc]} 555 01{cid[2:]}{j}",
                               language=lang))
    return out


_DIAL = {"TW": "886", "DE": "49", "US": "1", "JP": "81", "NL": "31", "CL": "56", "PL": "48"}
