"""gemba-sync: the headless sync agent that fills a shared cache for many desks."""
