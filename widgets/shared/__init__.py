"""Shared mode: a console reading the plant's PostgreSQL cache that a sync agent fills.

SharedConsole turns the agent's change notifications into the bridge's cache_changed on the GUI
thread; RoleLabel shows the desk's role in the status bar; refusal_text words a refusal of the
database in the reader's language.
"""

from widgets.shared.refusal import action_words, refusal_text, role_title
from widgets.shared.shared_console import RoleLabel, SharedConsole

__all__ = ["RoleLabel", "SharedConsole", "action_words", "refusal_text", "role_title"]
