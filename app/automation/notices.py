"""Customer notices: when an order line slips, a short, polite message to the customer's contact
in the contact's own language (English or Traditional Chinese), saying what happened, the new
expected date, the order number and line, and the customer's PO.

The texts live here, per language, as plain strings: the notice is written in the language of
the person who reads it, not in the console's, so Qt's translations do not apply. Pure: no Qt,
no I/O. A person reviews and approves every notice before anything is recorded or sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.crm import Contact, Customer, OrderLine, SalesOrder

ENGLISH = "en"
TRADITIONAL_CHINESE = "zh_TW"
LANGUAGES = (ENGLISH, TRADITIONAL_CHINESE)

# What happened, per reason code: (wording with the reason's values, wording without them).
# Values a wording may use: machine, item, text.
REASONS: dict[str, dict[str, tuple[str, str]]] = {
    ENGLISH: {
        "machine_breakdown": ("a breakdown of one of our machines ({machine}), which is now"
                              " being repaired",
                              "a breakdown of one of our machines, which is now being repaired"),
        "material_shortage": ("we are still waiting for material ({item}) to arrive",
                              "we are still waiting for material to arrive"),
        "capacity": ("our production line is fully booked in the coming days",
                     "our production line is fully booked in the coming days"),
        "quality": ("a quality check found parts that we have to make again",
                    "a quality check found parts that we have to make again"),
        "other": ("{text}", "an unexpected delay in production"),
    },
    TRADITIONAL_CHINESE: {
        "machine_breakdown": ("生產設備（{machine}）發生故障，目前正在搶修",
                              "生產設備發生故障，目前正在搶修"),
        "material_shortage": ("原物料（{item}）尚未到貨", "部分原物料尚未到貨"),
        "capacity": ("近期產線產能已滿", "近期產線產能已滿"),
        "quality": ("品質檢驗時發現部分產品需要重新生產", "品質檢驗時發現部分產品需要重新生產"),
        "other": ("{text}", "生產過程中發生非預期的延誤"),
    },
}
REASON_CODES = tuple(REASONS[ENGLISH])

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_SUBJECT = {
    ENGLISH: "Order {number}, line {line}: new expected delivery date {date}",
    TRADITIONAL_CHINESE: "訂單 {number} 第 {line} 項交期調整通知",
}
_GREETING = {
    ENGLISH: "Dear {name},",
    TRADITIONAL_CHINESE: "{name} 您好：",
}
_GREETING_NO_NAME = {ENGLISH: "Dear customer,", TRADITIONAL_CHINESE: "您好："}
_WHAT = {
    ENGLISH: ("We are sorry to let you know that line {line} of your order {number}{po}"
              " ({quantity} {unit} of {product}) will be delivered later than planned."
              " The reason is {reason}."),
    TRADITIONAL_CHINESE: ("感謝您一直以來的支持。很抱歉通知您，您的訂單 {number}{po}第 {line} 項"
                          "（{product}，{quantity} {unit}）因{reason}，交期需要延後。"),
}
_PO = {ENGLISH: " (your PO {po})", TRADITIONAL_CHINESE: "（貴公司採購單號：{po}）"}
_OLD_DATE = {ENGLISH: "Previous delivery date: {date}", TRADITIONAL_CHINESE: "原交期：{date}"}
_NEW_DATE = {ENGLISH: "New expected delivery date: {date}",
             TRADITIONAL_CHINESE: "新的預計交期：{date}"}
_CLOSING = {
    ENGLISH: ("We apologise for the inconvenience. We are following the work closely and will"
              " tell you at once if anything changes. Please do not hesitate to contact me with"
              " any questions."),
    TRADITIONAL_CHINESE: ("造成您的不便，我們深感抱歉。我們會密切追蹤生產進度，如有任何變動"
                          "將立即通知您。若有任何問題，歡迎隨時與我聯繫。"),
}
_SIGN_OFF = {ENGLISH: "Kind regards,", TRADITIONAL_CHINESE: "敬祝 商祺"}


@dataclass(frozen=True, slots=True)
class Notice:
    language: str  # "en" or "zh_TW"
    to_name: str
    to_email: str
    subject: str
    body: str


def notice_language(code: str | None) -> str:
    """zh_TW for any Traditional Chinese code (zh_TW, zh-Hant, zh_HK); English otherwise."""
    text = (code or "").replace("-", "_").lower()
    if text.startswith("zh") and ("tw" in text or "hant" in text or "hk" in text
                                  or "mo" in text or text == "zh"):
        return TRADITIONAL_CHINESE
    return ENGLISH


def date_text(day: date, language: str) -> str:
    """"12 March 2026" or "2026年3月12日", independent of the process's locale."""
    if language == TRADITIONAL_CHINESE:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def reason_text(reason_code: str, reason_values: Mapping[str, Any] | None,
                language: str) -> str:
    """What happened, in plain words; an unknown code reads as an unexpected delay."""
    texts = REASONS[language]
    with_values, without = texts.get(reason_code, texts["other"])
    values = {k: str(v) for k, v in (reason_values or {}).items() if str(v).strip()}
    try:
        return with_values.format(**values)
    except (KeyError, IndexError):
        return without


def _quantity(quantity: Decimal) -> str:
    return f"{quantity.normalize():f}"


def _line(order: SalesOrder, line_no: int) -> OrderLine:
    for line in order.lines:
        if line.line_no == line_no:
            return line
    raise ValueError(f"order {order.number} has no line {line_no}")


def draft_notice(order: SalesOrder, line_no: int, customer: Customer | None,
                 contact: Contact | None, new_date: date, reason_code: str,
                 reason_values: Mapping[str, Any] | None = None, language: str | None = None,
                 *, sender: str = "") -> Notice:
    """The draft a person reviews: to the contact (or the customer when there is none), in
    `language`, else the contact's, else the customer's. The previous date is the line's
    promised date, when it has one. `sender` signs it."""
    line = _line(order, line_no)
    if language is None:
        language = contact.language if contact is not None else (
            customer.language if customer is not None else ENGLISH)
    lang = notice_language(language)
    name = contact.name if contact is not None else (customer.name if customer else "")
    po = _PO[lang].format(po=order.customer_po) if order.customer_po else ""
    what = _WHAT[lang].format(number=order.number, po=po, line=line.line_no,
                              quantity=_quantity(line.quantity), unit=line.unit,
                              product=line.product_id,
                              reason=reason_text(reason_code, reason_values, lang))
    dates = []
    if line.promised_date is not None and line.promised_date != new_date:
        dates.append(_OLD_DATE[lang].format(date=date_text(line.promised_date, lang)))
    dates.append(_NEW_DATE[lang].format(date=date_text(new_date, lang)))
    greeting = _GREETING[lang].format(name=name) if name else _GREETING_NO_NAME[lang]
    parts = [greeting, what, "\n".join(dates), _CLOSING[lang], _SIGN_OFF[lang]]
    body = "\n\n".join(parts)
    if sender:
        body += "\n" + sender
    subject = _SUBJECT[lang].format(number=order.number, line=line.line_no,
                                    date=date_text(new_date, lang))
    return Notice(language=lang, to_name=name,
                  to_email=contact.email if contact is not None else "",
                  subject=subject, body=body + "\n")


def first_contact(customer_id: str, contacts: Iterable[Contact]) -> Contact | None:
    """The customer's first contact, in the order given; one with an e-mail address first."""
    own = [c for c in contacts if c.customer_id == customer_id]
    with_mail = [c for c in own if c.email]
    return (with_mail or own or [None])[0]


def notice_for_slip(order: SalesOrder, line_no: int, customer: Customer | None,
                    contacts: Iterable[Contact], new_date: date, reason_code: str,
                    reason_values: Mapping[str, Any] | None = None,
                    language: str | None = None, *, sender: str = "") -> Notice:
    """draft_notice to the first contact of the order's customer."""
    contact = first_contact(order.customer_id, contacts)
    return draft_notice(order, line_no, customer, contact, new_date, reason_code,
                        reason_values, language, sender=sender)


_ANSWER_SUBJECT = {
    ENGLISH: "Your enquiry: {quantity} {unit} of {product}, delivery {date}",
    TRADITIONAL_CHINESE: "詢價回覆：{product} {quantity} {unit}，交期 {date}",
}
_ANSWER_WHAT = {
    ENGLISH: "Thank you for your enquiry about {quantity} {unit} of {product}{ref}.",
    TRADITIONAL_CHINESE: "感謝您詢問 {product} {quantity} {unit}{ref}。",
}
_ANSWER_REF = {ENGLISH: " (our reference {number})",
               TRADITIONAL_CHINESE: "（本公司單號：{number}）"}
_ANSWER_ON_TIME = {
    ENGLISH: "We can deliver the full quantity on {date}, as you asked.",
    TRADITIONAL_CHINESE: "我們可以依您的需求，於 {date} 交付全部數量。",
}
_ANSWER_LATER = {
    ENGLISH: "We cannot make the full quantity by {wanted}; we can deliver it on {date}.",
    TRADITIONAL_CHINESE: "很抱歉，全部數量無法於 {wanted} 前完成；最早可於 {date} 交付。",
}
_ANSWER_SPLIT = {
    ENGLISH: "Alternatively we can deliver {now} {unit} on {wanted} and the other {rest} {unit} "
             "on {date}.",
    TRADITIONAL_CHINESE: "或者，我們可以於 {wanted} 先交付 {now} {unit}，其餘 {rest} {unit} 於 "
                         "{date} 交付。",
}
_ANSWER_HELD = {
    ENGLISH: "We hold the capacity for this order until {expires}. Please let me know if you "
             "would like to go ahead.",
    TRADITIONAL_CHINESE: "我們會為此訂單保留產能至 {expires}。如您決定下單，請與我聯繫。",
}


def answer_notice(product: str, quantity: Decimal, unit: str, wanted: date, delivery: date,
                  customer: Customer | None, contact: Contact | None, *,
                  split: tuple[Decimal, Decimal] | None = None, number: str = "",
                  held_until: date | None = None, sender: str = "") -> Notice:
    """A delivery-date answer for new demand (or a changed line), for the customer's contact
    in the contact's language (else the customer's)."""
    language = contact.language if contact is not None else (
        customer.language if customer is not None else ENGLISH)
    lang = notice_language(language)
    name = contact.name if contact is not None else (customer.name if customer else "")
    values = {"quantity": _quantity(quantity), "unit": unit, "product": product,
              "date": date_text(delivery, lang), "wanted": date_text(wanted, lang)}
    ref = _ANSWER_REF[lang].format(number=number) if number else ""
    parts = [_GREETING[lang].format(name=name) if name else _GREETING_NO_NAME[lang],
             _ANSWER_WHAT[lang].format(ref=ref, **values)]
    if delivery <= wanted:
        parts.append(_ANSWER_ON_TIME[lang].format(**values))
    else:
        parts.append(_ANSWER_LATER[lang].format(**values))
        if split is not None:
            parts.append(_ANSWER_SPLIT[lang].format(
                now=_quantity(split[0]), rest=_quantity(split[1]), **values))
    if held_until is not None:
        parts.append(_ANSWER_HELD[lang].format(expires=date_text(held_until, lang)))
    parts.append(_SIGN_OFF[lang])
    body = "\n\n".join(parts)
    if sender:
        body += "\n" + sender
    return Notice(language=lang, to_name=name,
                  to_email=contact.email if contact is not None else "",
                  subject=_ANSWER_SUBJECT[lang].format(**values), body=body + "\n")
