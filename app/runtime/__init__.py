"""The runtime: the only part of `app` that reads the cache for derived state.

Each module reads what one computation needs from the cache and hands it, as plain domain
data, to the pure functions of `app.analytics` (which never import the cache). Reads block:
callers run them in a worker, never on the UI thread.
"""
