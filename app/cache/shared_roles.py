"""Who may do what at a desk: the four roles, as data, and the same table put into PostgreSQL.

One table, two users of it:

- the console (local mode) follows the role of the connection profile: it offers only the
  actions that `may_queue(role, kind)` allows;
- a shared PostgreSQL cache (shared mode) enforces it itself: `apply_roles(engine)`, run by the
  owner of the database (the sync agent or an administrator), creates one NOLOGIN group role per
  role, lets every group read the cache, and lets each insert into the outbox only the action
  kinds its role may queue (row-level security). A console cannot talk its way past it.

Every desk logs in as its own login (`create_login`), a member of one group role. Only the agent
(the tables' owner) writes anything else: a desk's queued action is signed with its login and
audited by the database (triggers), and the agent's change notices are rows only it may add.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from app.domain.actions import ActionKind

OUTBOX_TABLE = "outbox"  # app.cache.schema_local.outbox
ALARM_JOURNAL_TABLE = "alarm_journal"  # app.cache.schema_local.alarm_journal
ACTION_COLUMN = "action"  # the action kind of an outbox row
# The agent's change notices (app.agent.notify writes, app.cache.shared_mode reads): shared-mode
# machinery like the roles and policies, so made here and not by a migration.
NOTICES_TABLE = "gemba_change_notices"
# What an administrator's retry changes; nobody but the agent changes who made an action or what.
MANAGED_COLUMNS = ("state", "next_attempt_at", "last_error")


@dataclass(frozen=True, slots=True)
class Role:
    key: str  # "plant_manager"
    db_role: str  # the PostgreSQL group role: "gemba_plant_manager"
    title: str  # in words (English; the widgets translate): "plant manager"
    actions: frozenset[ActionKind]  # what it may queue in the outbox
    sees: str  # what it works with, in words (docs and tooltips)
    may_manage_outbox: bool = False  # retry or drop anybody's queued or parked actions


# What a person may ask a backend to do, in words: "your role may not <verb>".
ACTION_WORDS: dict[ActionKind, str] = {
    ActionKind.PROMISE_DATE: "promise delivery dates",
    ActionKind.ACTIVITY: "add activities or customer notices to orders",
    ActionKind.FINDING: "add findings to complaints",
    ActionKind.LINK_LOT: "link lots to complaints",
    ActionKind.PRIORITY: "expedite work orders",
    ActionKind.MAINTENANCE: "plan machine maintenance",
    ActionKind.WEBHOOK: "send events to webhook receivers",
    ActionKind.RELEASE: "release order lines to production",
    ActionKind.PROGRESS: "write production progress to the CRM",
    ActionKind.QUOTE: "quote new demand and hold its capacity",
}

_PREFIX = "gemba_"

ROLES: dict[str, Role] = {role.key: role for role in (
    Role("account_manager", "gemba_account_manager", "account manager",
         frozenset({ActionKind.PROMISE_DATE, ActionKind.ACTIVITY, ActionKind.QUOTE}),
         "orders, feasibility, customers, complaints and their trace"),
    Role("plant_manager", "gemba_plant_manager", "plant manager",
         frozenset({ActionKind.PRIORITY, ActionKind.MAINTENANCE, ActionKind.RELEASE}),
         "machines, OEE, quality, work orders and the orders they affect"),
    Role("quality_engineer", "gemba_quality_engineer", "quality engineer",
         frozenset({ActionKind.FINDING, ActionKind.LINK_LOT}),
         "quality, complaints, lots and traceability"),
    Role("administrator", "gemba_administrator", "administrator",
         frozenset(ActionKind), "everything", may_manage_outbox=True),
)}

# When a login belongs to several groups, the first of these names it.
PRECEDENCE = ("administrator", "plant_manager", "quality_engineer", "account_manager")


def role(key: str) -> Role:
    """The role named `key` ("plant_manager", or its group role "gemba_plant_manager")."""
    name = key.removeprefix(_PREFIX) if key.startswith(_PREFIX) else key
    try:
        return ROLES[name]
    except KeyError:
        raise ValueError(f"unknown role {key!r}: one of {', '.join(ROLES)}") from None


def may_queue(role_key: str | None, kind: ActionKind | str) -> bool:
    """Whether a person of this role may queue `kind`; without a role (a single desk with no
    role set) everything is allowed, as before roles existed."""
    if role_key is None:
        return True
    return ActionKind(kind) in role(role_key).actions


def allowed_actions(role_keys: Iterable[str]) -> frozenset[ActionKind]:
    """What a login in all these roles may queue (PostgreSQL policies add up the same way)."""
    allowed: set[ActionKind] = set()
    for key in role_keys:
        allowed |= role(key).actions
    return frozenset(allowed)


# --- PostgreSQL -----------------------------------------------------------------------------

def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _require_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise ValueError("roles are enforced by PostgreSQL; a SQLite cache has one desk and "
                         "follows the profile's role")


def _kinds_array(kinds: Iterable[ActionKind]) -> str:
    values = ", ".join(f"'{kind.value}'" for kind in sorted(kinds))  # enum values: no quotes
    return f"ARRAY[{values}]::text[]"


def apply_roles(engine: Engine) -> None:
    """Create the group roles and their grants and outbox policies, the triggers that sign and
    audit each outbox insert, and the table of the agent's change notices (idempotent).

    Run as the owner of the cache tables (the sync agent, after migrating): the owner bypasses
    row-level security, so the agent still claims and updates every outbox row.
    """
    _require_postgresql(engine)
    groups = [ROLES[key] for key in ROLES]
    with engine.begin() as conn:
        existing = set(conn.execute(text(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE 'gemba\\_%'")).scalars())
        for group in groups:
            if group.db_role not in existing:
                conn.execute(text(f"CREATE ROLE {_quote(conn, group.db_role)} NOLOGIN"))
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        everyone = ", ".join(_quote(conn, group.db_role) for group in groups)
        qschema, outbox = _quote(conn, schema), f"{_quote(conn, schema)}.{OUTBOX_TABLE}"
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {qschema}.{NOTICES_TABLE} "
                          "(id bigserial PRIMARY KEY, payload text NOT NULL)"))
        conn.execute(text(f"GRANT CONNECT ON DATABASE {_quote(conn, database)} TO {everyone}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {qschema} TO {everyone}"))
        # Everybody reads the cache, including tables later migrations add (made by the owner).
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {qschema} TO {everyone}"))
        conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {qschema} "
                          f"GRANT SELECT ON TABLES TO {everyone}"))
        conn.execute(text(f"GRANT INSERT ON {outbox} TO {everyone}"))
        # Only the owner writes the audit log: a desk's queued action is audited by the trigger
        # below, in the desk's transaction (earlier versions let desks append: taken back).
        conn.execute(text(f"REVOKE INSERT ON {qschema}.audit_log FROM {everyone}"))
        _sign_and_audit(conn, outbox)
        _journal_for_everyone(conn, schema, everyone)
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:table, 'id')"),
                                {"table": f"{schema}.{OUTBOX_TABLE}"}).scalar_one_or_none()
        if sequence:
            conn.execute(text(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {everyone}"))
        managers = [group for group in groups if group.may_manage_outbox]
        if managers:
            names = ", ".join(_quote(conn, group.db_role) for group in managers)
            conn.execute(text(f"REVOKE UPDATE ON {outbox} FROM {names}"))
            columns = ", ".join(MANAGED_COLUMNS)
            conn.execute(text(f"GRANT UPDATE ({columns}), DELETE ON {outbox} TO {names}"))
        conn.execute(text(f"ALTER TABLE {outbox} ENABLE ROW LEVEL SECURITY"))
        _replace_policies(conn, outbox, groups)


def _sign_and_audit(conn: Connection, outbox: str) -> None:
    """made_by of a desk's insert is its login, whatever it wrote; the agent (a member of the
    owner, or a superuser) queues for others too ("automation"). Then the database appends the
    audit entry (app.audit.log.install_database_appends)."""
    from app.audit.log import install_database_appends  # app.audit imports this package

    conn.exec_driver_sql(f"""
        CREATE OR REPLACE FUNCTION gemba_outbox_author() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF NOT pg_has_role(session_user,
                               (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                               'MEMBER') THEN
                NEW.made_by := session_user;
            END IF;
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS gemba_outbox_author ON {outbox};
        CREATE TRIGGER gemba_outbox_author BEFORE INSERT ON {outbox}
            FOR EACH ROW EXECUTE FUNCTION gemba_outbox_author();
    """)
    install_database_appends(conn)


def _journal_for_everyone(conn: Connection, schema: str, everyone: str) -> None:
    """Every desk appends to the alarm journal (and only appends), signed with its login as
    the outbox is (gemba_outbox_author, made by _sign_and_audit)."""
    journal = f"{_quote(conn, schema)}.{ALARM_JOURNAL_TABLE}"
    conn.execute(text(f"GRANT INSERT ON {journal} TO {everyone}"))
    sequence = conn.execute(text("SELECT pg_get_serial_sequence(:table, 'id')"),
                            {"table": f"{schema}.{ALARM_JOURNAL_TABLE}"}).scalar_one_or_none()
    if sequence:
        conn.execute(text(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {everyone}"))
    conn.exec_driver_sql(f"""
        DROP TRIGGER IF EXISTS gemba_journal_author ON {journal};
        CREATE TRIGGER gemba_journal_author BEFORE INSERT ON {journal}
            FOR EACH ROW EXECUTE FUNCTION gemba_outbox_author();
    """)


def _replace_policies(conn: Connection, outbox: str, groups: list[Role]) -> None:
    for name in conn.execute(text(
            "SELECT policyname FROM pg_policies WHERE tablename = :table "
            "AND schemaname = current_schema() AND policyname LIKE 'gemba\\_%'"),
            {"table": OUTBOX_TABLE}).scalars().all():
        conn.execute(text(f"DROP POLICY {_quote(conn, name)} ON {outbox}"))
    everyone = ", ".join(_quote(conn, group.db_role) for group in groups)
    # Every desk sees the plant's outbox: what is waiting, what was refused and why.
    conn.execute(text(f"CREATE POLICY gemba_read ON {outbox} FOR SELECT TO {everyone} "
                      "USING (true)"))
    for group in groups:
        # Only new, unsent actions of the kinds this role may queue.
        conn.execute(text(
            f"CREATE POLICY {_quote(conn, 'gemba_queue_' + group.key)} ON {outbox} "
            f"FOR INSERT TO {_quote(conn, group.db_role)} WITH CHECK ("
            f"{ACTION_COLUMN} = ANY({_kinds_array(group.actions)}) "
            "AND state = 'queued' AND attempts = 0 AND delivered_at IS NULL "
            "AND answer IS NULL)"))  # the backend's answer is the agent's to record
        if group.may_manage_outbox:
            for command in ("UPDATE", "DELETE"):
                conn.execute(text(
                    f"CREATE POLICY {_quote(conn, f'gemba_{command.lower()}_{group.key}')} "
                    f"ON {outbox} FOR {command} TO {_quote(conn, group.db_role)} "
                    "USING (true)"))


def create_login(engine: Engine, name: str, password: str, role_key: str) -> None:
    """A login for one desk (or person) in `role_key`'s group; an existing login gets the new
    password and the group added. Run as a role that may create roles (the owner or a
    superuser), after `apply_roles`."""
    _require_postgresql(engine)
    group = role(role_key)
    if not name or name.startswith(_PREFIX):
        raise ValueError(f"login name {name!r}: must not be empty or start with {_PREFIX!r}")
    import psycopg.sql as sql

    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"),
                              {"name": name}).first() is not None
        verb = "ALTER ROLE {} WITH LOGIN PASSWORD {}" if exists else \
            "CREATE ROLE {} WITH LOGIN PASSWORD {}"
        # DDL takes no parameters: psycopg composes the name and password, quoted.
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute(sql.SQL(verb).format(sql.Identifier(name), sql.Literal(password)))
            cursor.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group.db_role),
                                                            sql.Identifier(name)))
