"""Connection profiles: what a person is told about a wrong one, and where secrets go."""

from __future__ import annotations

import json

import pytest

from app.sync.profiles import (
    MemorySecrets,
    SecretStore,
    SourceProfile,
    load_profiles,
    save_profiles,
    secret_env_name,
    set_problems,
)

CRM = SourceProfile(name="sf-prod", role="crm", backend="salesforce",
                    url="https://acme.my.salesforce.com", username="3MVG9-client")
MES = SourceProfile(name="plant-1", role="mes", backend="reference", url="http://10.0.0.5:8765")


def test_a_usable_profile_has_no_problems() -> None:
    assert CRM.problems() == {}
    assert MES.problems() == {}


def test_each_wrong_field_is_named_with_what_is_wrong() -> None:
    wrong = SourceProfile(name="bad name!", role="mes", backend="salesforce", url="ftp://x")
    problems = wrong.problems()
    assert set(problems) == {"name", "role", "url"}
    assert "cannot be the MES" in problems["role"]
    assert "http://" in problems["url"]
    opcua = SourceProfile(name="floor", role="mes", backend="opcua", url="http://plc:4840")
    assert "opc.tcp://" in opcua.problems()["url"]
    tryton = SourceProfile(name="erp", role="crm", backend="tryton", url="http://erp:8000")
    assert tryton.problems() == {"instance": "the database name is needed"}


def test_one_crm_with_one_or_more_mes_sources() -> None:
    assert set_problems([CRM, MES]) == []
    second_crm = SourceProfile(name="dyn", role="crm", backend="dynamics",
                               url="https://org.crm.dynamics.com")
    assert set_problems([CRM, second_crm, MES]) == [
        "only one CRM source can be used at a time: sf-prod, dyn"]
    assert set_problems([CRM]) == ["add at least one MES source"]
    assert set_problems([MES, MES]) == ["two sources are called 'plant-1'"]


def test_profiles_round_trip_through_the_file_without_secrets(tmp_path) -> None:
    path = tmp_path / "sources.json"
    secrets = MemorySecrets()
    secrets.set("sf-prod", "client_secret", "s3cret-value")
    save_profiles([CRM, MES], path)
    assert load_profiles(path) == [CRM, MES]
    assert "s3cret-value" not in path.read_text()
    assert secrets.get("sf-prod", "client_secret") == "s3cret-value"


def test_a_broken_file_says_so(tmp_path) -> None:
    path = tmp_path / "sources.json"
    path.write_text(json.dumps([{"name": "x"}]))
    with pytest.raises(ValueError, match="not a list of source profiles"):
        load_profiles(path)
    assert load_profiles(tmp_path / "missing.json") == []


def test_an_environment_variable_stands_in_for_the_keyring(monkeypatch) -> None:
    """A sync agent running as a service has no desktop keyring."""
    name = secret_env_name("sf-prod", "client_secret")
    assert name == "GEMBA_SECRET_SF_PROD_CLIENT_SECRET"
    monkeypatch.setenv(name, "from-env")
    assert SecretStore().get("sf-prod", "client_secret") == "from-env"
