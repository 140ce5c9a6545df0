"""Webhooks: the signature, the event payload, and where targets and their secrets come from."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.sync import actions, webhooks
from app.sync.webhooks import (
    WebhookConfigError,
    WebhookTarget,
    encode_body,
    load_webhook_targets,
    secret_env_name,
    sign,
    verify_signature,
)

SECRET = "s3cr3t-for-tests"


def test_signature_is_hmac_sha256_of_timestamp_dot_body_and_verifies() -> None:
    body = encode_body({"event": "order.late", "id": "x", "data": {"name": "Müller"}})
    assert body == '{"event":"order.late","id":"x","data":{"name":"Müller"}}'.encode()
    header = sign(SECRET, 1_760_000_000, body)
    expected = hmac.new(SECRET.encode(), b"1760000000." + body, hashlib.sha256).hexdigest()
    assert header == "sha256=" + expected
    assert verify_signature(SECRET, "1760000000", body, header, now=1_760_000_010)
    assert verify_signature(SECRET, 1_760_000_000, body.decode(), header, now=1_760_000_000)


def test_tampered_body_wrong_secret_or_old_timestamp_fails() -> None:
    body = encode_body({"event": "e", "id": "1", "data": {"qty": 5}})
    header = sign(SECRET, 1_000, body)
    assert not verify_signature(SECRET, 1_000, body.replace(b"5", b"6"), header, now=1_000)
    assert not verify_signature("other", 1_000, body, header, now=1_000)
    assert not verify_signature(SECRET, 1_001, body, header, now=1_001)  # timestamp changed
    assert not verify_signature(SECRET, 1_000, body, header, now=1_000 + 301)  # too old
    assert verify_signature(SECRET, 1_000, body, header, now=1_000 + 299)
    assert not verify_signature(SECRET, 1_000, body, header, tolerance_seconds=10, now=1_100)
    assert not verify_signature(SECRET, "soon", body, header, now=1_000)
    assert not verify_signature(SECRET, 1_000, body, header.removeprefix("sha256="), now=1_000)
    assert not verify_signature(SECRET, 1_000, body, "", now=1_000)


def test_target_headers_sign_the_exact_body() -> None:
    target = WebhookTarget("zap", "https://hooks.example.com/catch/1", SECRET)
    body = encode_body({"event": "order.late", "id": "O-1"})
    headers = target.headers(body, "order.late", "delivery-1", timestamp=1_234)
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Gemba-Event"] == "order.late"
    assert headers["X-Gemba-Delivery"] == "delivery-1"
    assert headers["X-Gemba-Timestamp"] == "1234"
    assert verify_signature(SECRET, "1234", body, headers["X-Gemba-Signature"], now=1_234)
    assert SECRET not in repr(target)


def test_webhook_action_payload_and_request() -> None:
    at = datetime(2026, 3, 2, 16, 15, tzinfo=timezone(timedelta(hours=8)))
    action = actions.webhook("zap", "order.late", "late:O-1:2026-03-02", {"order": "O-1"}, at)
    assert action.kind is actions.ActionKind.WEBHOOK
    assert (action.source, action.target_id, action.version) == ("zap", "late:O-1:2026-03-02",
                                                                 None)
    assert action.target_feed == "webhook"
    assert action.payload == {"event": "order.late", "id": "late:O-1:2026-03-02",
                              "occurred_at": "2026-03-02T08:15:00Z", "data": {"order": "O-1"}}
    assert actions.http_request("webhook", action.target_id, action.payload) == (
        "POST", "", action.payload)
    now = actions.webhook("zap", "e", "1", {}).payload["occurred_at"]
    assert now.endswith("Z")
    assert abs(datetime.fromisoformat(now) - datetime.now(UTC)) < timedelta(minutes=1)


def _write(path, entries) -> None:
    path.write_text(json.dumps(entries), encoding="utf-8")


def test_config_loading_with_secret_from_env(tmp_path, monkeypatch) -> None:
    config = tmp_path / "webhooks.json"
    _write(config, [{"name": "zapier-late-orders", "url": "https://hooks.zapier.com/x"},
                    {"name": "flow", "url": "http://127.0.0.1:9/hook", "timeout": 3}])
    assert secret_env_name("zapier-late-orders") == "GEMBA_WEBHOOK_SECRET_ZAPIER_LATE_ORDERS"
    monkeypatch.setenv("GEMBA_WEBHOOK_SECRET_ZAPIER_LATE_ORDERS", "from-env")
    monkeypatch.setenv("GEMBA_WEBHOOK_SECRET_FLOW", "flow-secret")
    import keyring

    def no_keyring(service, name):  # pragma: no cover - the environment wins
        raise AssertionError("the keyring was asked although the environment had the secret")

    monkeypatch.setattr(keyring, "get_password", no_keyring)
    targets = load_webhook_targets(config)
    assert [(t.name, t.url, t.timeout) for t in targets] == [
        ("zapier-late-orders", "https://hooks.zapier.com/x", 10.0),
        ("flow", "http://127.0.0.1:9/hook", 3.0)]
    body = b"{}"
    header = targets[0].headers(body, "e", "d", timestamp=5)["X-Gemba-Signature"]
    assert verify_signature("from-env", 5, body, header, now=5)


def test_secret_from_keyring_and_target_without_secret_left_out(tmp_path, monkeypatch,
                                                                caplog) -> None:
    config = tmp_path / "webhooks.json"
    _write(config, [{"name": "a", "url": "https://a.example/h"},
                    {"name": "b", "url": "https://b.example/h"}])
    monkeypatch.delenv("GEMBA_WEBHOOK_SECRET_A", raising=False)
    monkeypatch.delenv("GEMBA_WEBHOOK_SECRET_B", raising=False)
    import keyring

    asked = []

    def fake_get_password(service, name):
        asked.append((service, name))
        return "kr-secret" if name == "a" else None

    monkeypatch.setattr(keyring, "get_password", fake_get_password)
    with caplog.at_level(logging.WARNING, logger="app.sync.webhooks"):
        targets = load_webhook_targets(config)
    assert [t.name for t in targets] == ["a"]
    assert asked == [("gemba-console-webhook", "a"), ("gemba-console-webhook", "b")]
    assert "webhook b left out" in caplog.text and "kr-secret" not in caplog.text


def test_no_file_means_no_targets_and_default_path(tmp_path, monkeypatch) -> None:
    assert load_webhook_targets(tmp_path / "missing.json") == []
    monkeypatch.setattr(webhooks, "user_config_dir", lambda app, appauthor: str(tmp_path))
    assert webhooks.default_config_path() == tmp_path / "webhooks.json"
    assert load_webhook_targets() == []


@pytest.mark.parametrize("content", [
    "{not json",
    json.dumps({"name": "x"}),
    json.dumps([{"name": "x"}]),
    json.dumps([{"name": "x", "url": "ftp://x/y"}]),
    json.dumps([{"name": "x", "url": "https://x/y"}, {"name": "x", "url": "https://x/z"}]),
    json.dumps([{"name": "x", "url": "https://x/y", "secret": "no!"}]),
    json.dumps([{"name": "x", "url": "https://x/y", "timeout": -1}]),
])
def test_broken_config_says_so(tmp_path, content) -> None:
    config = tmp_path / "webhooks.json"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(WebhookConfigError) as error:
        load_webhook_targets(config, get_secret=lambda name: "s")
    assert "no!" not in str(error.value)


def test_console_logs_a_broken_config_and_goes_on_without_webhooks(tmp_path, monkeypatch,
                                                                   caplog) -> None:
    from widgets.console_run import load_webhooks

    (tmp_path / "webhooks.json").write_text("[{broken", encoding="utf-8")
    monkeypatch.setattr(webhooks, "user_config_dir", lambda app, appauthor: str(tmp_path))
    with caplog.at_level(logging.ERROR):
        assert load_webhooks() == []
    assert "webhooks: the configuration was not loaded" in caplog.text
