"""Roles and refusals in the reader's language (app.cache.shared_roles has the English)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.cache.shared_mode import RoleRefusal, is_refusal
from app.cache.shared_roles import role as role_named
from app.sync.actions import ActionKind


def role_title(role_key: str) -> str:
    """"plant manager", translated."""
    key = role_named(role_key).key
    titles = {
        "account_manager": QCoreApplication.translate("SharedRoles", "account manager"),
        "plant_manager": QCoreApplication.translate("SharedRoles", "plant manager"),
        "quality_engineer": QCoreApplication.translate("SharedRoles", "quality engineer"),
        "administrator": QCoreApplication.translate("SharedRoles", "administrator"),
    }
    return titles[key]


def action_words(kind: ActionKind | str | None) -> str:
    """What queueing `kind` does, as in "your role may not <words>", translated."""
    words = {
        ActionKind.PROMISE_DATE: QCoreApplication.translate(
            "SharedRoles", "promise delivery dates"),
        ActionKind.ACTIVITY: QCoreApplication.translate(
            "SharedRoles", "add activities or customer notices to orders"),
        ActionKind.FINDING: QCoreApplication.translate(
            "SharedRoles", "add findings to complaints"),
        ActionKind.LINK_LOT: QCoreApplication.translate(
            "SharedRoles", "link lots to complaints"),
        ActionKind.PRIORITY: QCoreApplication.translate(
            "SharedRoles", "expedite work orders"),
        ActionKind.MAINTENANCE: QCoreApplication.translate(
            "SharedRoles", "plan machine maintenance"),
        ActionKind.WEBHOOK: QCoreApplication.translate(
            "SharedRoles", "send events to webhook receivers"),
        ActionKind.RELEASE: QCoreApplication.translate(
            "SharedRoles", "release order lines to production"),
        ActionKind.PROGRESS: QCoreApplication.translate(
            "SharedRoles", "write production progress to the CRM"),
        ActionKind.QUOTE: QCoreApplication.translate(
            "SharedRoles", "quote new demand and hold its capacity"),
    }
    try:
        return words[ActionKind(kind)] if kind is not None else _do_this()
    except (ValueError, KeyError):  # a kind of a later version, or one without words yet
        return _do_this()


def _do_this() -> str:
    return QCoreApplication.translate("SharedRoles", "do this")


def refusal_text(error: BaseException, role_key: str | None = None,
                 kind: ActionKind | str | None = None) -> str | None:
    """"The shared database refused: your role (account manager) may not expedite work
    orders." when `error` is PostgreSQL's permission refusal (42501) or a RoleRefusal (which
    knows its role and action kind), else None."""
    if not is_refusal(error):
        return None
    if isinstance(error, RoleRefusal):
        role_key = role_key or error.role
        kind = kind or error.kind
    if role_key:
        return QCoreApplication.translate(
            "SharedRoles", "The shared database refused: your role ({role}) may not {action}."
        ).format(role=role_title(role_key), action=action_words(kind))
    return QCoreApplication.translate(
        "SharedRoles", "The shared database refused: your login may not {action}."
    ).format(action=action_words(kind))
