"""Automation rules: "when EVENT and CONDITION then ACTION", stored in the cache.

- model: Rule, Occurrence, Firing, the default rules and their parameters
- evaluate: records + plan + now -> occurrences (pure)
- load: the records from the cache
- store: rules and firings in the cache; each rule fires once per occurrence
- actions: what a firing queues in the outbox (CRM activity, webhook)
"""
