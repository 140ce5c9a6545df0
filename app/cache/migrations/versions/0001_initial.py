"""Create the whole cache schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-24 23:25:38.022147
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.cache.types

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("created_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activities_source_order_id"), ["source", "order_id"], unique=False
        )

    op.create_table(
        "calendars",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(), nullable=False),
        sa.Column("work_center_ids", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("shifts", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("holidays", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("maintenance", app.cache.types.JsonDocument(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_calendars")),
    )
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendars_source_site_id"), ["source", "site_id"], unique=False
        )

    op.create_table(
        "characteristics",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("operation_sequence", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("lsl", app.cache.types.ExactDecimal(), nullable=True),
        sa.Column("usl", app.cache.types.ExactDecimal(), nullable=True),
        sa.Column("target", app.cache.types.ExactDecimal(), nullable=True),
        sa.Column("subgroup_size", sa.Integer(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_characteristics")),
    )
    with op.batch_alter_table("characteristics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_characteristics_source_product_id"),
            ["source", "product_id"],
            unique=False,
        )

    op.create_table(
        "complaints",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("customer_id", sa.String(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=True),
        sa.Column("product_id", sa.String(), nullable=True),
        sa.Column("lot_id", sa.String(), nullable=True),
        sa.Column("serial", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("opened_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("findings", app.cache.types.JsonDocument(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_complaints")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaints_source_customer_id"), ["source", "customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_complaints_source_lot_id"), ["source", "lot_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_complaints_source_order_id"), ["source", "order_id"], unique=False
        )

    op.create_table(
        "contacts",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contacts_source_customer_id"), ["source", "customer_id"], unique=False
        )

    op.create_table(
        "customers",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("key_account", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_customers")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customers_source_number"), ["source", "number"], unique=False
        )

    op.create_table(
        "defects",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("recorded_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("product_id", sa.String(), nullable=True),
        sa.Column("lot_id", sa.String(), nullable=True),
        sa.Column("work_order_id", sa.String(), nullable=True),
        sa.Column("machine_id", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_defects")),
    )
    with op.batch_alter_table("defects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_defects_source_lot_id"), ["source", "lot_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_defects_source_recorded_at"), ["source", "recorded_at"], unique=False
        )

    op.create_table(
        "downtime",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("machine_id", sa.String(), nullable=False),
        sa.Column("start", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("end", app.cache.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_downtime")),
    )
    with op.batch_alter_table("downtime", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_downtime_source_machine_id_start"),
            ["source", "machine_id", "start"],
            unique=False,
        )

    op.create_table(
        "equipment",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("parent_id", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_equipment")),
    )
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_equipment_source_parent_id"), ["source", "parent_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_equipment_source_site_id"), ["source", "site_id"], unique=False
        )

    op.create_table(
        "feed_sync",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("feed", sa.String(), nullable=False),
        sa.Column("last_synced_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "feed", name=op.f("pk_feed_sync")),
    )
    op.create_table(
        "lot_links",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("parent_lot_id", sa.String(), nullable=False),
        sa.Column("child_lot_id", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("linked_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_lot_links")),
    )
    with op.batch_alter_table("lot_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lot_links_source_child_lot_id"), ["source", "child_lot_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lot_links_source_parent_lot_id"),
            ["source", "parent_lot_id"],
            unique=False,
        )

    op.create_table(
        "lots",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("created_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("work_order_id", sa.String(), nullable=True),
        sa.Column("machine_id", sa.String(), nullable=True),
        sa.Column("supplier", sa.String(), nullable=True),
        sa.Column("supplier_lot", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_lots")),
    )
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lots_source_number"), ["source", "number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lots_source_supplier_lot"), ["source", "supplier_lot"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lots_source_work_order_id"), ["source", "work_order_id"], unique=False
        )

    op.create_table(
        "machine_events",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("machine_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("start", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("end", app.cache.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_machine_events")),
    )
    with op.batch_alter_table("machine_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_machine_events_source_machine_id_start"),
            ["source", "machine_id", "start"],
            unique=False,
        )

    op.create_table(
        "machine_status",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("since", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("work_order_id", sa.String(), nullable=True),
        sa.Column("good_count", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("scrap_count", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("signals", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_machine_status")),
    )
    op.create_table(
        "machine_status_history",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("machine_id", sa.String(), nullable=False),
        sa.Column("sampled_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("good_count", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("scrap_count", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("signals", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("aggregated", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(
            "source", "machine_id", "sampled_at", name=op.f("pk_machine_status_history")
        ),
    )
    with op.batch_alter_table("machine_status_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_machine_status_history_aggregated"), ["aggregated"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_machine_status_history_sampled_at"), ["sampled_at"], unique=False
        )

    op.create_table(
        "machine_status_minutes",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("machine_id", sa.String(), nullable=False),
        sa.Column("minute", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("state_samples", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("good_count", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("scrap_count", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("good_delta", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("scrap_delta", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("signals", app.cache.types.JsonDocument(), nullable=False),
        sa.PrimaryKeyConstraint(
            "source", "machine_id", "minute", name=op.f("pk_machine_status_minutes")
        ),
    )
    with op.batch_alter_table("machine_status_minutes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_machine_status_minutes_minute"), ["minute"], unique=False
        )

    op.create_table(
        "measurements",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("characteristic_id", sa.String(), nullable=False),
        sa.Column("value", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("measured_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("lot_id", sa.String(), nullable=True),
        sa.Column("work_order_id", sa.String(), nullable=True),
        sa.Column("machine_id", sa.String(), nullable=True),
        sa.Column("subgroup", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_measurements")),
    )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measurements_source_characteristic_id_measured_at"),
            ["source", "characteristic_id", "measured_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_measurements_source_lot_id"), ["source", "lot_id"], unique=False
        )

    op.create_table(
        "opportunities",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("probability", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("expected_close", app.cache.types.PlainDate(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_opportunities")),
    )
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opportunities_source_customer_id"),
            ["source", "customer_id"],
            unique=False,
        )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("target_feed", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("payload", app.cache.types.JsonDocument(), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("created_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(), nullable=False),
        sa.Column("delivered_at", app.cache.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_idempotency_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_state_next_attempt_at"),
            ["state", "next_attempt_at"],
            unique=False,
        )

    op.create_table(
        "production_counts",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("machine_id", sa.String(), nullable=False),
        sa.Column("work_order_id", sa.String(), nullable=True),
        sa.Column("product_id", sa.String(), nullable=True),
        sa.Column("start", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("end", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("good", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("scrap", app.cache.types.ExactDecimal(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_production_counts")),
    )
    with op.batch_alter_table("production_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_production_counts_source_machine_id_start"),
            ["source", "machine_id", "start"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_production_counts_source_work_order_id"),
            ["source", "work_order_id"],
            unique=False,
        )

    op.create_table(
        "products",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_products")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_products_source_code"), ["source", "code"], unique=False
        )

    op.create_table(
        "sales_orders",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("customer_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("customer_po", sa.String(), nullable=False),
        sa.Column("created_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_sales_orders")),
    )
    with op.batch_alter_table("sales_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sales_orders_source_customer_id"),
            ["source", "customer_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_sales_orders_source_number"), ["source", "number"], unique=False
        )

    op.create_table(
        "serials",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("created_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_serials")),
    )
    with op.batch_alter_table("serials", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_serials_source_lot_id"), ["source", "lot_id"], unique=False
        )

    op.create_table(
        "shipments",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("shipped_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_shipments")),
    )
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shipments_source_customer_id"), ["source", "customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_shipments_source_order_id_line_no"),
            ["source", "order_id", "line_no"],
            unique=False,
        )

    op.create_table(
        "sites",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("time_zone", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_sites")),
    )
    op.create_table(
        "sync_tokens",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("feed", sa.String(), nullable=False),
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("updated_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "feed", name=op.f("pk_sync_tokens")),
    )
    op.create_table(
        "work_orders",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("good", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("scrap", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("due_date", app.cache.types.PlainDate(), nullable=True),
        sa.Column("output_lot_id", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("source", "id", name=op.f("pk_work_orders")),
    )
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_orders_source_product_id"), ["source", "product_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_work_orders_source_status"), ["source", "status"], unique=False
        )

    op.create_table(
        "bom_items",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.String(), nullable=False),
        sa.Column("quantity_per_unit", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "product_id"],
            ["products.source", "products.id"],
            name=op.f("fk_bom_items_source_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source", "product_id", "position", name=op.f("pk_bom_items")),
    )
    with op.batch_alter_table("bom_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bom_items_source_component_id"), ["source", "component_id"], unique=False
        )

    op.create_table(
        "fulfilment_links",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("work_order_id", sa.String(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "work_order_id"],
            ["work_orders.source", "work_orders.id"],
            name=op.f("fk_fulfilment_links_source_work_order_id_work_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source", "work_order_id", "order_id", "line_no", name=op.f("pk_fulfilment_links")
        ),
    )
    with op.batch_alter_table("fulfilment_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fulfilment_links_source_order_id_line_no"),
            ["source", "order_id", "line_no"],
            unique=False,
        )

    op.create_table(
        "order_lines",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("requested_date", app.cache.types.PlainDate(), nullable=False),
        sa.Column("promised_date", app.cache.types.PlainDate(), nullable=True),
        sa.Column("options", app.cache.types.JsonDocument(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "order_id"],
            ["sales_orders.source", "sales_orders.id"],
            name=op.f("fk_order_lines_source_order_id_sales_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source", "order_id", "line_no", name=op.f("pk_order_lines")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_order_lines_source_product_id"), ["source", "product_id"], unique=False
        )

    op.create_table(
        "routing_operations",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("work_center_id", sa.String(), nullable=False),
        sa.Column("setup_minutes", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("run_seconds_per_unit", app.cache.types.ExactDecimal(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "product_id"],
            ["products.source", "products.id"],
            name=op.f("fk_routing_operations_source_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source", "product_id", "sequence", name=op.f("pk_routing_operations")
        ),
    )
    with op.batch_alter_table("routing_operations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routing_operations_source_work_center_id"),
            ["source", "work_center_id"],
            unique=False,
        )

    op.create_table(
        "shipment_lots",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("shipment_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.String(), nullable=False),
        sa.Column("quantity", app.cache.types.ExactDecimal(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "shipment_id"],
            ["shipments.source", "shipments.id"],
            name=op.f("fk_shipment_lots_source_shipment_id_shipments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source", "shipment_id", "position", name=op.f("pk_shipment_lots")),
    )
    with op.batch_alter_table("shipment_lots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shipment_lots_source_lot_id"), ["source", "lot_id"], unique=False
        )

    op.create_table(
        "unit_conversions",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("product_id", sa.String(), nullable=False),
        sa.Column("from_unit", sa.String(), nullable=False),
        sa.Column("to_unit", sa.String(), nullable=False),
        sa.Column("factor", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "product_id"],
            ["products.source", "products.id"],
            name=op.f("fk_unit_conversions_source_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source", "product_id", "from_unit", "to_unit", name=op.f("pk_unit_conversions")
        ),
    )
    op.create_table(
        "work_order_operations",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("work_order_id", sa.String(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("work_center_id", sa.String(), nullable=False),
        sa.Column("machine_id", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("planned_start", app.cache.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("planned_end", app.cache.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("actual_start", app.cache.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("actual_end", app.cache.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("good", app.cache.types.ExactDecimal(), nullable=False),
        sa.Column("scrap", app.cache.types.ExactDecimal(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "work_order_id"],
            ["work_orders.source", "work_orders.id"],
            name=op.f("fk_work_order_operations_source_work_order_id_work_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source", "work_order_id", "sequence", name=op.f("pk_work_order_operations")
        ),
    )
    with op.batch_alter_table("work_order_operations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_order_operations_source_machine_id"),
            ["source", "machine_id"],
            unique=False,
        )

    op.create_table(
        "promise_changes",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("changed_at", app.cache.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("old_date", app.cache.types.PlainDate(), nullable=True),
        sa.Column("new_date", app.cache.types.PlainDate(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source", "order_id", "line_no"],
            ["order_lines.source", "order_lines.order_id", "order_lines.line_no"],
            name=op.f("fk_promise_changes_source_order_id_line_no_order_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source", "order_id", "line_no", "seq", name=op.f("pk_promise_changes")
        ),
    )


def downgrade() -> None:
    op.drop_table("promise_changes")
    with op.batch_alter_table("work_order_operations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_operations_source_machine_id"))

    op.drop_table("work_order_operations")
    op.drop_table("unit_conversions")
    with op.batch_alter_table("shipment_lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_lots_source_lot_id"))

    op.drop_table("shipment_lots")
    with op.batch_alter_table("routing_operations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_operations_source_work_center_id"))

    op.drop_table("routing_operations")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_source_product_id"))

    op.drop_table("order_lines")
    with op.batch_alter_table("fulfilment_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fulfilment_links_source_order_id_line_no"))

    op.drop_table("fulfilment_links")
    with op.batch_alter_table("bom_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bom_items_source_component_id"))

    op.drop_table("bom_items")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_orders_source_status"))
        batch_op.drop_index(batch_op.f("ix_work_orders_source_product_id"))

    op.drop_table("work_orders")
    op.drop_table("sync_tokens")
    op.drop_table("sites")
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipments_source_order_id_line_no"))
        batch_op.drop_index(batch_op.f("ix_shipments_source_customer_id"))

    op.drop_table("shipments")
    with op.batch_alter_table("serials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_serials_source_lot_id"))

    op.drop_table("serials")
    with op.batch_alter_table("sales_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sales_orders_source_number"))
        batch_op.drop_index(batch_op.f("ix_sales_orders_source_customer_id"))

    op.drop_table("sales_orders")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_source_code"))

    op.drop_table("products")
    with op.batch_alter_table("production_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_production_counts_source_work_order_id"))
        batch_op.drop_index(batch_op.f("ix_production_counts_source_machine_id_start"))

    op.drop_table("production_counts")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state_next_attempt_at"))

    op.drop_table("outbox")
    with op.batch_alter_table("opportunities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opportunities_source_customer_id"))

    op.drop_table("opportunities")
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurements_source_lot_id"))
        batch_op.drop_index(batch_op.f("ix_measurements_source_characteristic_id_measured_at"))

    op.drop_table("measurements")
    with op.batch_alter_table("machine_status_minutes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_machine_status_minutes_minute"))

    op.drop_table("machine_status_minutes")
    with op.batch_alter_table("machine_status_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_machine_status_history_sampled_at"))
        batch_op.drop_index(batch_op.f("ix_machine_status_history_aggregated"))

    op.drop_table("machine_status_history")
    op.drop_table("machine_status")
    with op.batch_alter_table("machine_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_machine_events_source_machine_id_start"))

    op.drop_table("machine_events")
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lots_source_work_order_id"))
        batch_op.drop_index(batch_op.f("ix_lots_source_supplier_lot"))
        batch_op.drop_index(batch_op.f("ix_lots_source_number"))

    op.drop_table("lots")
    with op.batch_alter_table("lot_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_links_source_parent_lot_id"))
        batch_op.drop_index(batch_op.f("ix_lot_links_source_child_lot_id"))

    op.drop_table("lot_links")
    op.drop_table("feed_sync")
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_source_site_id"))
        batch_op.drop_index(batch_op.f("ix_equipment_source_parent_id"))

    op.drop_table("equipment")
    with op.batch_alter_table("downtime", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_downtime_source_machine_id_start"))

    op.drop_table("downtime")
    with op.batch_alter_table("defects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_defects_source_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_defects_source_lot_id"))

    op.drop_table("defects")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_source_number"))

    op.drop_table("customers")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_source_customer_id"))

    op.drop_table("contacts")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_source_order_id"))
        batch_op.drop_index(batch_op.f("ix_complaints_source_lot_id"))
        batch_op.drop_index(batch_op.f("ix_complaints_source_customer_id"))

    op.drop_table("complaints")
    with op.batch_alter_table("characteristics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_characteristics_source_product_id"))

    op.drop_table("characteristics")
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendars_source_site_id"))

    op.drop_table("calendars")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_source_order_id"))

    op.drop_table("activities")
