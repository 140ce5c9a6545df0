"""The customer progress report as an A4 PDF: QTextDocument HTML printed on a QPdfWriter, in
the console's font. Chinese comes from Qt's font fallback (Noto Sans CJK here, the system's CJK
font elsewhere): naming a CJK font first would render Latin digits with glyphs that a PDF
reader cannot map back to text, so searching and copying the order number would fail.

The labels are in the report's language (the customer's), not the console's, so they live here
as plain strings per language rather than Qt translations. Works off the GUI thread too (the
views' worker), as long as a QGuiApplication exists.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.reports.progress_report import ProgressReport

CJK_FALLBACK = "Noto Sans CJK TC"
RESOLUTION_DPI = 300

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Order progress report", "order": "Order", "customer": "Customer",
        "po": "Your PO", "made_on": "Date", "line": "Line", "product": "Product",
        "ordered": "Ordered", "done": "Done", "shipped": "Shipped", "promised": "Promised",
        "expected": "Expected", "work_orders": "Production", "ops": "{done}/{total} operations",
        "at": "at {center}", "finished": "finished", "no_wo": "not started yet",
        "complete": "complete", "no_plan": "not planned yet", "unplanned": "to be confirmed",
        "quality": "Quality certificate figures", "characteristic": "Characteristic",
        "spec": "Specification", "n": "n", "cpk": "Cpk", "lots": "Lots",
        "shipped_basis": "lots shipped", "in_production_basis": "in production",
        "basis": "Basis", "no_characteristics": "No key characteristics are defined for these"
        " products, so no capability figures are available.",
        "no_measurements": "No measurements are available yet for the lots of this order, so"
        " no capability figures can be given.", "too_few": "too few values",
    },
    "zh_TW": {
        "title": "訂單進度報告", "order": "訂單", "customer": "客戶", "po": "貴公司採購單號",
        "made_on": "日期", "line": "項次", "product": "產品", "ordered": "訂購數量",
        "done": "完成數量", "shipped": "已出貨", "promised": "承諾交期", "expected": "預計交期",
        "work_orders": "生產進度", "ops": "工序 {done}/{total}", "at": "目前在 {center}",
        "finished": "已完工", "no_wo": "尚未開工", "complete": "已完成",
        "no_plan": "尚未排程", "unplanned": "待確認", "quality": "品質證明數據",
        "characteristic": "量測特性", "spec": "規格", "n": "樣本數", "cpk": "Cpk",
        "lots": "批號", "shipped_basis": "已出貨批次", "in_production_basis": "生產中",
        "basis": "依據", "no_characteristics": "這些產品尚未定義關鍵特性，因此無製程能力數據。",
        "no_measurements": "此訂單的批次尚無量測數據，因此暫無製程能力數據。",
        "too_few": "數據不足",
    },
}


def _day(day: date | None, language: str) -> str:
    if day is None:
        return "—"
    if language == "zh_TW":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def _q(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _spec(lsl: Decimal | None, usl: Decimal | None, unit: str) -> str:
    low = _q(lsl) if lsl is not None else "—"
    high = _q(usl) if usl is not None else "—"
    return f"{low} … {high} {unit}".strip()


def report_html(report: ProgressReport, font_family: str) -> str:
    lang = report.language if report.language in LABELS else "en"
    t = LABELS[lang]
    e = escape
    head = [f"<h1>{e(t['title'])}</h1>", "<table cellpadding='2'>",
            f"<tr><td><b>{e(t['order'])}</b></td><td>{e(report.order_number)}</td></tr>",
            f"<tr><td><b>{e(t['customer'])}</b></td><td>{e(report.customer_name)}</td></tr>"]
    if report.customer_po:
        head.append(f"<tr><td><b>{e(t['po'])}</b></td><td>{e(report.customer_po)}</td></tr>")
    head.append(f"<tr><td><b>{e(t['made_on'])}</b></td>"
                f"<td>{e(_day(report.made_on, lang))}</td></tr></table>")
    if report.summary:  # the same sentence the CRM gets (app.reports.progress_sentence)
        head.append(f"<p><b>{e(report.summary)}</b></p>")
    columns = ("line", "product", "ordered", "done", "shipped", "promised", "expected",
               "work_orders")
    rows = ["<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>"
            + "".join(f"<th>{e(t[c])}</th>" for c in columns) + "</tr>"]
    for line in report.lines:
        expected = _day(line.expected_date, lang) if line.expected_date else \
            t.get(line.expected_note, "—")
        stages = []
        for wo in line.work_orders:
            where = t["at"].format(center=wo.current_work_center) \
                if wo.current_work_center else t["finished"]
            stages.append(f"{wo.number}: " + t["ops"].format(done=wo.operations_done,
                                                             total=wo.operations_total)
                          + f", {where}")
        production = "<br>".join(e(s) for s in stages) or e(t["no_wo"])
        cells = [str(line.line_no), line.product_id, f"{_q(line.quantity)} {line.unit}",
                 f"{_q(line.done)} {line.unit}", f"{_q(line.shipped)} {line.unit}",
                 _day(line.promised_date, lang), expected]
        rows.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells)
                    + f"<td>{production}</td></tr>")
    rows.append("</table>")
    quality = [f"<h2>{e(t['quality'])}</h2>"]
    if report.quality:
        heads = ("product", "characteristic", "spec", "n", "cpk", "basis", "lots")
        quality.append("<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>"
                       + "".join(f"<th>{e(t[c])}</th>" for c in heads) + "</tr>")
        for fig in report.quality:
            cpk = f"{fig.cpk:.2f}" if fig.cpk is not None else t["too_few"]
            cells = [fig.product_id, fig.characteristic, _spec(fig.lsl, fig.usl, fig.unit),
                     str(fig.n), cpk, t[f"{fig.basis}_basis"], ", ".join(fig.lots) or "—"]
            quality.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        quality.append("</table>")
    else:
        quality.append(f"<p>{e(t.get(report.quality_note, t['no_measurements']))}</p>")
    family = e(font_family)
    return (f"<html><body style=\"font-family: '{family}'; font-size: 9pt;\">"
            + "".join(head) + "<br>" + "".join(rows) + "".join(quality) + "</body></html>")


def write_progress_pdf(content: ProgressReport, path: str | Path) -> Path:
    """Write the report to `path` (A4, portrait) and return the path."""
    path = Path(path)
    app_font = QGuiApplication.font()
    family = app_font.family() or CJK_FALLBACK
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"{content.order_number} — {content.customer_name}")
    writer.setCreator("Gemba Console")
    document = QTextDocument()
    font = QFont(app_font)
    font.setPointSizeF(9)
    document.setDefaultFont(font)
    document.setHtml(report_html(content, family))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    return path
