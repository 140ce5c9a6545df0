"""Where a line stands (its stage) and the one sentence a customer reads about an order, in the
contact's language: "2 of 3 lines in assembly, expected 12 Dec". The progress report PDF shows
it under its heading and the CRM gets the same words (app.runtime.progress_writeback).

Stages, in the order a line goes through them: not started, machining, assembly, packed (all
made, waiting to ship), shipped. A line's stage is that of the least advanced of its work
orders, told from the operation it is at: an operation whose name says assembling, testing,
painting or packing is assembly, any other is machining.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from app.contract import STAGES
from app.domain import OperationStatus, Product, WorkOrder, WorkOrderStatus

if TYPE_CHECKING:
    from app.analytics.fulfilment import LineProgress
    from app.reports.progress_report import LineReport

_RANK = {stage: n for n, stage in enumerate(STAGES)}
ASSEMBLY_WORDS = ("assembl", "test", "paint", "pack", "final", "組裝", "測試", "包裝", "塗裝")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "not_started": "not started", "machining": "in machining", "assembly": "in assembly",
        "packed": "packed", "shipped": "shipped",
        "some": "{n} of {total} lines {stage}", "all": "all {total} lines {stage}",
        "one": "the line is {stage}", "join": ", ", "expected": ", expected {day}",
        "done": "All {total} lines shipped.", "done_one": "The line has shipped.",
        "end": ".",
    },
    "zh_TW": {
        "not_started": "尚未開工", "machining": "加工中", "assembly": "組裝中",
        "packed": "已包裝待出貨", "shipped": "已出貨",
        "some": "{total} 項中 {n} 項{stage}", "all": "全部 {total} 項{stage}",
        "one": "此項{stage}", "join": "，", "expected": "，預計 {day} 完成",
        "done": "全部 {total} 項已出貨。", "done_one": "此項已出貨。", "end": "。",
    },
}


def stage_of_operation(name: str) -> str:
    folded = name.casefold()
    return "assembly" if any(w in folded for w in ASSEMBLY_WORDS) else "machining"


def work_order_stage(wo: WorkOrder, products: Mapping[str, Product]) -> str:
    """The stage of one work order: where its current operation is (running or next)."""
    if wo.status == WorkOrderStatus.COMPLETED:
        return "packed"
    ops = sorted(wo.operations, key=lambda op: op.sequence)
    started = any(op.status != OperationStatus.PENDING for op in ops) or wo.good > 0
    if not started:
        return "not_started"
    current = next((op for op in ops if op.status in (OperationStatus.RUNNING,
                                                       OperationStatus.SETUP)), None) or next(
        (op for op in ops if op.status != OperationStatus.DONE), None)
    if current is None:
        return "packed"
    product = products.get(wo.product_id)
    names = {t.sequence: t.name for t in product.routing.operations} if product else {}
    return stage_of_operation(names.get(current.sequence, ""))


def line_stage(progress: LineProgress, work_orders: Sequence[WorkOrder],
               products: Mapping[str, Product]) -> str:
    if progress.ordered > 0 and progress.shipped >= progress.ordered:
        return "shipped"
    if progress.complete:
        return "packed"
    open_orders = [wo for wo in work_orders if wo.status != WorkOrderStatus.CANCELLED]
    if not open_orders:
        return "not_started"
    return min((work_order_stage(wo, products) for wo in open_orders), key=_RANK.__getitem__)


def day_text(day: date, language: str) -> str:
    if language == "zh_TW":
        return f"{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]}"


def order_sentence(lines: Sequence[LineReport], language: str = "en") -> str:
    """"2 of 3 lines in assembly, 1 packed, expected 12 Dec" (the latest expected date of the
    lines still to ship); "" for an order without lines."""
    words = WORDS.get(language, WORDS["en"])
    total = len(lines)
    if total == 0:
        return ""
    if all(line.stage == "shipped" for line in lines):
        return words["done_one"] if total == 1 else words["done"].format(total=total)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.stage] = counts.get(line.stage, 0) + 1
    parts: list[str] = []
    for stage in sorted(counts, key=_RANK.__getitem__):
        n = counts[stage]
        if total == 1:
            parts.append(words["one"].format(stage=words[stage]))
        elif n == total:
            parts.append(words["all"].format(total=total, stage=words[stage]))
        else:
            parts.append(words["some"].format(n=n, total=total, stage=words[stage]))
    text = words["join"].join(parts)
    if language != "zh_TW":
        text = text[:1].upper() + text[1:]
    open_days = [line.expected_date for line in lines
                 if line.stage != "shipped" and line.expected_date is not None]
    if open_days:
        text += words["expected"].format(day=day_text(max(open_days), language))
    return text + words["end"]
