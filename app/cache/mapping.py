"""How a domain record becomes rows (one parent row, child rows per list) and back.

Column names are the dataclass field names, so a map only has to say which table a record or
list goes to and how to walk to its list elements. Writing is the hot path of ingest: rows are
plain tuples built with `operator.attrgetter`, no per-row dicts.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from sqlalchemy import Table

Decode = Callable[[Any], Any]


def _field_decoders(cls: type, names: Iterable[str]) -> dict[str, Decode]:
    """Enum fields come back from the database as plain strings: turn them into their enum."""
    hints = typing.get_type_hints(cls)
    decoders: dict[str, Decode] = {}
    for name in names:
        hint = hints[name]
        if isinstance(hint, types.UnionType):  # `State | None`
            hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            decoders[name] = hint
    return decoders


@dataclass(frozen=True, slots=True)
class FieldCodec:
    """For fields stored as JSON documents that hold dataclasses (calendar shifts and the like)."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


@dataclass(eq=False)
class ListMap:
    """A list inside a record (or inside a list element), stored in a child table.

    Rows are (source, *key, *element fields): key holds the values of `key_columns`, the root
    record's id first, then whatever places the element (line_no, seq, position). A list right
    under the record names its `path` ("lines", "routing.operations") and whether a position
    column numbers it; deeper lists give `walk(records)`, returning (key, element) pairs.
    """

    table: Table
    element: type
    attr: str  # the owner's field holding the list
    key_columns: tuple[str, ...]
    owner_key: tuple[str, ...]  # columns that name the owner: ("order_id",) for lines
    own_key: tuple[str, ...] = ()  # columns that name this element, for its own lists
    fields: tuple[str, ...] = ()  # defaults to every element field stored in the table
    lists: tuple[ListMap, ...] = ()
    wrap: Callable[[list[Any]], Any] | None = None  # Product.routing = Routing(operations=...)
    order_by: tuple[str, ...] = ()  # defaults to the primary key
    path: str = ""  # defaults to `attr`
    numbered: bool = False  # the second key column is the element's place in the list
    walk: Callable[[Sequence[Any]], Iterable[tuple[tuple[Any, ...], Any]]] | None = None

    def __post_init__(self) -> None:
        nested = {child.attr for child in self.lists}
        if not self.fields:
            self.fields = tuple(
                f.name for f in fields(self.element)
                if f.name in self.table.c and f.name not in nested
                and f.name not in self.key_columns
            )
        if not self.order_by:
            self.order_by = tuple(c.name for c in self.table.primary_key.columns)
        self.columns: tuple[str, ...] = ("source", *self.key_columns, *self.fields)
        self._get = attrgetter(*self.fields)
        self._single = len(self.fields) == 1
        self.decoders = _field_decoders(self.element, self.fields)
        # Key columns that are also element fields (a link's work_order_id) are read back too.
        element_fields = {f.name for f in fields(self.element)}
        self.read_columns: tuple[str, ...] = (*self.key_columns, *self.fields)
        self.element_fields: tuple[str, ...] = tuple(
            name for name in self.read_columns if name in element_fields)

    def rows(self, source: str, records: Sequence[Any]) -> list[tuple[Any, ...]]:
        # Flat comprehensions per case: this runs for every line of every ingested order.
        get = self._get
        if self._single:
            def get(item: Any, one: Any = self._get) -> tuple[Any, ...]:
                return (one(item),)
        if self.walk is not None:
            return [(source, *key, *get(item)) for key, item in self.walk(records)]
        elements = attrgetter(self.path or self.attr)
        if self.numbered:
            return [(source, record.id, place, *get(item)) for record in records
                    for place, item in enumerate(elements(record))]
        return [(source, record.id, *get(item)) for record in records
                for item in elements(record)]

    def descendants(self) -> list[ListMap]:
        """This list and every list below it, deepest last."""
        found = [self]
        for child in self.lists:
            found += child.descendants()
        return found


@dataclass(eq=False)
class RecordMap:
    """One feed's record type and the table it lives in."""

    feed: str
    table: Table
    record: type
    lists: tuple[ListMap, ...] = ()
    codecs: dict[str, FieldCodec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.fields: tuple[str, ...] = tuple(
            c.name for c in self.table.columns if c.name != "source"
        )
        missing = set(self.fields) - {f.name for f in fields(self.record)}
        if missing:
            raise TypeError(f"{self.table.name}: columns {missing} are not {self.record} fields")
        self.columns: tuple[str, ...] = ("source", *self.fields)
        self._get = attrgetter(*self.fields)
        self.decoders = _field_decoders(self.record, self.fields)
        for name, codec in self.codecs.items():
            self.decoders[name] = codec.decode
        self._encoders = [(self.columns.index(name), codec.encode)
                          for name, codec in self.codecs.items()]

    def rows(self, source: str, records: Sequence[Any]) -> list[tuple[Any, ...]]:
        get = self._get
        rows = [(source, *get(record)) for record in records]
        if self._encoders:
            rows = [self._encode(row) for row in rows]
        return rows

    def _encode(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for index, encode in self._encoders:
            values[index] = encode(values[index])
        return tuple(values)

    def all_lists(self) -> list[ListMap]:
        """Every child table of this record, parents before their children."""
        found: list[ListMap] = []
        for child in self.lists:
            found += child.descendants()
        return found


def decode_row(names: Sequence[str], row: Sequence[Any], decoders: dict[str, Decode]
               ) -> dict[str, Any]:
    """Column values by field name, with enums and JSON-held dataclasses rebuilt."""
    values = dict(zip(names, row, strict=True))
    for name, decode in decoders.items():
        value = values[name]
        if value is not None:
            values[name] = decode(value)
    return values
