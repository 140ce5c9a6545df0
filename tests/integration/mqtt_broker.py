"""A real mosquitto on loopback for the Sparkplug B tests and benchmark.

    from tests.integration.mqtt_broker import mqtt_broker  # noqa: F401  (the fixture)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sim.mosquitto import MOSQUITTO, MOSQUITTO_PASSWD, MosquittoBroker

__all__ = ["MosquittoBroker", "broker_or_skip", "mqtt_broker", "mqtt_broker_with_users"]


def broker_or_skip(users: dict[str, str] | None = None) -> MosquittoBroker:
    if not Path(MOSQUITTO).exists():
        pytest.skip("mosquitto is not installed (apt-get install mosquitto)")
    if users and not Path(MOSQUITTO_PASSWD).exists():
        pytest.skip("mosquitto_passwd is not installed (apt-get install mosquitto)")
    return MosquittoBroker(users).start()


@pytest.fixture
def mqtt_broker() -> Iterator[MosquittoBroker]:
    """A fresh mosquitto accepting anonymous clients on 127.0.0.1 and a free port."""
    broker = broker_or_skip()
    try:
        yield broker
    finally:
        broker.close()


@pytest.fixture
def mqtt_broker_with_users() -> Iterator[MosquittoBroker]:
    """A mosquitto that accepts only user "gemba" with password "right-password"."""
    broker = broker_or_skip({"gemba": "right-password"})
    try:
        yield broker
    finally:
        broker.close()
