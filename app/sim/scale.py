"""The size of the demo plant: how many machines, how long a history, how many customers.

The standard plant is the 23 machines of app.sim.layout. A bigger plant (`--machines N`) keeps
the same work centers, products and routings and spreads N machines over the work centers in
the standard proportions; the first machines keep their standard ids (M-111 ...), so docs,
scenarios and tests that name them still work. Demand scales with the machines (`capacity`).
"""

from __future__ import annotations

from datetime import timedelta

from app.domain import Contact, Customer
from app.sim import layout

WorkCenterRow = tuple[str, str, str, tuple[str, ...]]  # id, line, name, machine ids

STANDARD_MACHINES = sum(len(ids) for *_, ids in layout.WORK_CENTERS)
DEFAULT_HISTORY = timedelta(days=365)
# The detailed simulation (5-minute counts, per-minute machine life) covers this much of the
# recent past; older history comes from the faster generator (app.sim.history).
DETAILED = timedelta(days=3)
LONG_HISTORY_CUSTOMERS = 30


def capacity(machines: int | None) -> float:
    """The plant's size relative to the standard plant (1.0)."""
    return 1.0 if not machines else machines / STANDARD_MACHINES


def work_centers(machines: int | None) -> tuple[WorkCenterRow, ...]:
    """The work-center table of a plant with `machines` machines (None: the standard one)."""
    if not machines or machines == STANDARD_MACHINES:
        return layout.WORK_CENTERS
    if machines < len(layout.WORK_CENTERS):
        raise ValueError(f"a plant needs at least {len(layout.WORK_CENTERS)} machines "
                         f"(one per work center), not {machines}")
    f = capacity(machines)
    counts = [max(1, round(len(ids) * f)) for *_, ids in layout.WORK_CENTERS]
    # Rounding leaves the total a few off: take from or give to the biggest work centers.
    order = sorted(range(len(counts)), key=lambda i: (-counts[i], i))
    k = 0
    while sum(counts) != machines:
        i = order[k % len(order)]
        step = 1 if sum(counts) < machines else -1
        if counts[i] + step >= 1:
            counts[i] += step
        k += 1
    out = []
    for (wc, line, name, ids), n in zip(layout.WORK_CENTERS, counts, strict=True):
        extra = tuple(f"M-{wc[3:]}-{i:03d}" for i in range(len(ids) + 1, n + 1))
        out.append((wc, line, name, (*ids, *extra)[:n]))
    return tuple(out)


def default_history(machines: int | None) -> timedelta:
    """A year on the standard plant; on a bigger plant about as many machine-days as that,
    so a plant of 500 machines starts in about the same time."""
    return DEFAULT_HISTORY * min(1.0, 1 / capacity(machines))


def detailed_window(machines: int | None) -> timedelta:
    return DETAILED * min(1.0, 1 / capacity(machines))


# --- customers beyond the standard ten, for plants with a long history ---------------------
_EXTRA_NAMES = (
    ("Rhein-Ruhr Fördertechnik AG", "en", "DE"), ("桃園自動化設備股份有限公司", "zh_TW", "TW"),
    ("Great Lakes Bottling Systems", "en", "US"), ("Osaka Precision Drives", "en", "JP"),
    ("Nordic Sawmill Equipment AB", "en", "SE"), ("新竹半導體搬運系統", "zh_TW", "TW"),
    ("Pampas Grain Handling S.A.", "en", "AR"), ("Adriatic Marine Winches d.o.o.", "en", "HR"),
    ("Lion City Logistics Automation", "en", "SG"), ("台南食品機械有限公司", "zh_TW", "TW"),
    ("Alpine Cable Cars GmbH", "en", "AT"), ("Maple Leaf Mining Conveyors", "en", "CA"),
    ("Han River Packaging Co.", "en", "KR"), ("彰化紡織機械廠", "zh_TW", "TW"),
    ("Iberia Agro Maquinaria S.L.", "en", "ES"), ("Outback Crushers Pty Ltd", "en", "AU"),
    ("Mekong Rice Mills JSC", "en", "VN"), ("Bavaria Brauanlagen KG", "en", "DE"),
    ("Anatolia Cement Machinery", "en", "TR"), ("宜蘭農機股份有限公司", "zh_TW", "TW"),
)
_GIVEN = ("Alex", "Sam", "Kim", "Noor", "Lee", "Jo", "Mika", "Rin", "Ana", "Tariq")
_FAMILY = ("Berger", "Huang", "Olsen", "Park", "Garcia", "Tanaka", "Novak", "Silva", "Wu", "Ng")


def customers(count: int) -> list[Customer]:
    """The standard customers, then generated ones up to `count` (at most 30)."""
    std = layout.customers()
    out = std[:count]
    for i, (name, lang, cc) in enumerate(_EXTRA_NAMES[:max(0, count - len(std))]):
        n = len(std) + i + 1
        out.append(Customer(id=f"C-{n:03d}", number=f"{10000 + n}", name=name,
                            key_account=i % 5 == 0, language=lang, country=cc))
    return out


def contacts(customer_list: list[Customer]) -> list[Contact]:
    """The standard contacts, and two generated ones for every generated customer."""
    out = layout.contacts()
    standard = {c.id for c in layout.customers()}
    for k, c in enumerate(x for x in customer_list if x.id not in standard):
        domain = f"{c.id.lower().replace('-', '')}.example.com"
        for j in (1, 2):
            name = f"{_GIVEN[(k + j) % len(_GIVEN)]} {_FAMILY[(3 * k + j) % len(_FAMILY)]}"
            out.append(Contact(id=f"CT-{c.id[2:]}{j}", customer_id=c.id, name=name,
                               email=f"contact{j}@{domain}", phone=f"+1 555 02{c.id[2:]}{j}",
                               language=c.language))
    return out


def customer_rows(customer_list: list[Customer]) -> tuple[tuple[str, bool], ...]:
    """(id, key account) per customer: what order arrivals draw from."""
    return tuple((c.id, c.key_account) for c in customer_list)
