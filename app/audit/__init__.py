"""The tamper-evident audit log of write-backs (see app.audit.log and app.audit.verify)."""
