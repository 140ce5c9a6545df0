"""The Sparkplug B payload (protobuf) and topic namespace, without protoc.

The message classes are built at import from a descriptor written here in Python, so nothing is
generated at build time and any protobuf runtime >= 4.21 loads them. The fields are those of the
Eclipse Tahu `sparkplug_b.proto` (package org.eclipse.tahu.protobuf, proto2) that carry plain
values; DataSet, Template, MetaData and PropertySet values are not modelled: their bytes parse
as unknown fields and such metrics read as having no value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import DecodeError

NAMESPACE = "spBv1.0"
REBIRTH_METRIC = "Node Control/Rebirth"
BDSEQ_METRIC = "bdSeq"
# Message types (the third topic level) and whether they name a device.
NODE_TYPES = ("NBIRTH", "NDEATH", "NDATA", "NCMD")
DEVICE_TYPES = ("DBIRTH", "DDEATH", "DDATA", "DCMD")


class DataType(IntEnum):
    """Sparkplug B metric datatypes (the spec's DataType enum, the scalar part)."""

    UNKNOWN = 0
    INT8 = 1
    INT16 = 2
    INT32 = 3
    INT64 = 4
    UINT8 = 5
    UINT16 = 6
    UINT32 = 7
    UINT64 = 8
    FLOAT = 9
    DOUBLE = 10
    BOOLEAN = 11
    STRING = 12
    DATETIME = 13
    TEXT = 14
    UUID = 15
    DATASET = 16
    BYTES = 17
    FILE = 18
    TEMPLATE = 19


_F = descriptor_pb2.FieldDescriptorProto
# Which oneof field holds a value of each datatype.
VALUE_FIELD: dict[DataType, str] = {
    **dict.fromkeys((DataType.INT8, DataType.INT16, DataType.INT32, DataType.UINT8,
                     DataType.UINT16, DataType.UINT32), "int_value"),
    **dict.fromkeys((DataType.INT64, DataType.UINT64, DataType.DATETIME), "long_value"),
    DataType.FLOAT: "float_value",
    DataType.DOUBLE: "double_value",
    DataType.BOOLEAN: "boolean_value",
    **dict.fromkeys((DataType.STRING, DataType.TEXT, DataType.UUID), "string_value"),
    **dict.fromkeys((DataType.BYTES, DataType.FILE), "bytes_value"),
}
_SIGNED_BITS = {DataType.INT8: 8, DataType.INT16: 16, DataType.INT32: 32, DataType.INT64: 64}


def _build_classes() -> tuple[type, type]:
    file = descriptor_pb2.FileDescriptorProto(
        name="gemba_sparkplug_b.proto", package="org.eclipse.tahu.protobuf", syntax="proto2")
    payload = file.message_type.add(name="Payload")
    opt, rep = _F.LABEL_OPTIONAL, _F.LABEL_REPEATED
    for name, number, kind, label in (
        ("timestamp", 1, _F.TYPE_UINT64, opt),
        ("metrics", 2, _F.TYPE_MESSAGE, rep),
        ("seq", 3, _F.TYPE_UINT64, opt),
        ("uuid", 4, _F.TYPE_STRING, opt),
        ("body", 5, _F.TYPE_BYTES, opt),
    ):
        field = payload.field.add(name=name, number=number, type=kind, label=label)
        if kind == _F.TYPE_MESSAGE:
            field.type_name = ".org.eclipse.tahu.protobuf.Payload.Metric"
    metric = payload.nested_type.add(name="Metric")
    for name, number, kind in (
        ("name", 1, _F.TYPE_STRING),
        ("alias", 2, _F.TYPE_UINT64),
        ("timestamp", 3, _F.TYPE_UINT64),
        ("datatype", 4, _F.TYPE_UINT32),
        ("is_historical", 5, _F.TYPE_BOOL),
        ("is_transient", 6, _F.TYPE_BOOL),
        ("is_null", 7, _F.TYPE_BOOL),
    ):
        metric.field.add(name=name, number=number, type=kind, label=opt)
    metric.oneof_decl.add(name="value")
    for name, number, kind in (
        ("int_value", 10, _F.TYPE_UINT32),
        ("long_value", 11, _F.TYPE_UINT64),
        ("float_value", 12, _F.TYPE_FLOAT),
        ("double_value", 13, _F.TYPE_DOUBLE),
        ("boolean_value", 14, _F.TYPE_BOOL),
        ("string_value", 15, _F.TYPE_STRING),
        ("bytes_value", 16, _F.TYPE_BYTES),
    ):
        metric.field.add(name=name, number=number, type=kind, label=opt, oneof_index=0)
    # Extensions 6..max as in the spec, so a publisher's extensions are not an error.
    payload.extension_range.add(start=6, end=536870912)
    # A private pool: another library loading the real sparkplug_b.proto cannot clash with us.
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    payload_class = message_factory.GetMessageClass(
        pool.FindMessageTypeByName("org.eclipse.tahu.protobuf.Payload"))
    return payload_class, payload_class.Metric


Payload, Metric = _build_classes()


class PayloadError(ValueError):
    """A payload that is not Sparkplug B, in words."""


@dataclass(frozen=True, slots=True)
class Topic:
    group: str
    kind: str  # NBIRTH, DDATA, ...
    node: str
    device: str | None = None

    def __str__(self) -> str:
        parts = [NAMESPACE, self.group, self.kind, self.node]
        return "/".join(parts + ([self.device] if self.device else []))


def parse_topic(topic: str) -> Topic | None:
    """The parts of a Sparkplug B topic; None for anything else (STATE, other namespaces)."""
    parts = topic.split("/")
    if len(parts) not in (4, 5) or parts[0] != NAMESPACE:
        return None
    kind = parts[2]
    if (kind in NODE_TYPES and len(parts) == 4) or (kind in DEVICE_TYPES and len(parts) == 5):
        return Topic(parts[1], kind, parts[3], parts[4] if len(parts) == 5 else None)
    return None


def decode(data: bytes) -> Any:
    """A Payload message from bytes; PayloadError when they are not one."""
    message = Payload()
    try:
        message.ParseFromString(data)
    except (DecodeError, RuntimeWarning) as exc:
        raise PayloadError(f"not a Sparkplug B protobuf payload ({exc})") from None
    return message


def metric_value(metric: Any, declared: int | None = None) -> Any:
    """The metric's value as Python (int, float, bool, str, bytes, datetime) or None when null.

    `declared` is the datatype from the birth certificate, for data messages that omit it.
    Raises PayloadError when the value field does not match the datatype.
    """
    if metric.is_null:
        return None
    present = metric.WhichOneof("value")
    code = metric.datatype if metric.HasField("datatype") else declared
    if code is None:
        return None if present is None else getattr(metric, present)
    try:
        datatype = DataType(code)
    except ValueError:
        raise PayloadError(f"unknown datatype {code}") from None
    expected = VALUE_FIELD.get(datatype)
    if expected is None:
        raise PayloadError(f"datatype {datatype.name} is not supported")
    if present is None:
        return None
    if present != expected:
        raise PayloadError(f"declared {datatype.name} but carries {present}")
    value = getattr(metric, present)
    bits = _SIGNED_BITS.get(datatype)
    if bits and value >= 1 << (bits - 1):
        # Signed integers travel as their two's complement in the unsigned field.
        value -= 1 << (32 if present == "int_value" else 64)
    if datatype == DataType.DATETIME:
        return datetime.fromtimestamp(value / 1000, UTC)
    return value


def set_value(metric: Any, datatype: DataType, value: Any) -> None:
    """Write `value` into the field `datatype` uses, in the spec's encoding."""
    metric.datatype = int(datatype)
    if value is None:
        metric.is_null = True
        return
    field = VALUE_FIELD[datatype]
    if datatype == DataType.DATETIME and isinstance(value, datetime):
        value = int(value.timestamp() * 1000)
    if datatype in _SIGNED_BITS and value < 0:
        value += 1 << (32 if field == "int_value" else 64)
    setattr(metric, field, value)


def datatype_of(value: Any) -> DataType:
    """The datatype a publisher would declare for a Python value."""
    if isinstance(value, bool):
        return DataType.BOOLEAN
    if isinstance(value, int):
        return DataType.INT64
    if isinstance(value, float):
        return DataType.DOUBLE
    if isinstance(value, datetime):
        return DataType.DATETIME
    if isinstance(value, bytes):
        return DataType.BYTES
    return DataType.STRING


def as_number(value: Any) -> float | None:
    """A finite number from a numeric or boolean metric value; None for anything else."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def from_ms(milliseconds: int) -> datetime:
    return datetime.fromtimestamp(milliseconds / 1000, UTC)


def encode(metrics: list[tuple[Any, ...]], *, seq: int | None,
           timestamp: int | None = None) -> bytes:
    """A payload of (name, alias, datatype, value[, timestamp ms]) metrics; name, alias or the
    metric's own timestamp (when the value became true) may be None."""
    message = Payload(timestamp=timestamp if timestamp is not None else now_ms())
    if seq is not None:
        message.seq = seq
    for name, alias, datatype, value, *stamp in metrics:
        metric = message.metrics.add()
        if name is not None:
            metric.name = name
        if alias is not None:
            metric.alias = alias
        if stamp and stamp[0] is not None:
            metric.timestamp = stamp[0]
        set_value(metric, datatype, value)
    return message.SerializeToString()
