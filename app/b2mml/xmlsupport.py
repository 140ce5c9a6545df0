"""Reading B2MML V0600 XML: safe parsing, schema validation, typed values with line numbers."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from app.b2mml.errors import B2mmlError

NS = "http://www.mesa.org/xml/B2MML-V0600"
SCHEMA_FILES = {
    "ProductionSchedule": "B2MML-V0600-ProductionSchedule.xsd",
    "ProductionPerformance": "B2MML-V0600-ProductionPerformance.xsd",
}

Source = str | Path | bytes


def q(name: str) -> str:
    """The qualified name of a B2MML element."""
    return f"{{{NS}}}{name}"


def _parser() -> etree.XMLParser:
    # Files come from other systems: no entity expansion, no DTD or network fetches (XXE).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True)


@dataclass(frozen=True, slots=True)
class Document:
    name: str  # how messages name the file
    root: etree._Element

    def error(self, element: etree._Element | None, problem: str) -> B2mmlError:
        line = element.sourceline if element is not None else None
        return B2mmlError(self.name, line, problem)


def load(source: Source, root: str, *, schema_dir: Path | None = None,
         name: str | None = None) -> Document:
    """Parse `source` (a path or the file's bytes), check its root is B2MML `root` and, with
    `schema_dir`, validate it against the published schema found there."""
    if isinstance(source, bytes):
        label = name or "<B2MML data>"
        data = source
    else:
        label = name or str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise B2mmlError(label, None, f"cannot read the file: {error.strerror}") from error
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        raise B2mmlError(label, error.lineno, f"not well-formed XML: {error.msg}") from error
    element = tree.getroot()
    if element.tag != q(root):
        found = etree.QName(element)
        where = f" in namespace {found.namespace}" if found.namespace else " without a namespace"
        raise B2mmlError(label, element.sourceline,
                         f"root element is {found.localname}{where}; expected {root} "
                         f"in namespace {NS}")
    document = Document(label, element)
    if schema_dir is not None:
        validate(document, root, schema_dir)
    return document


def root_name(source: Source, *, name: str | None = None) -> str:
    """The local name of a file's root element, read without parsing the whole file."""
    label = name or ("<B2MML data>" if isinstance(source, bytes) else str(source))
    stream = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    try:
        for _event, element in etree.iterparse(stream, events=("start",), resolve_entities=False,
                                                no_network=True, load_dtd=False):
            return str(etree.QName(element).localname)
    except etree.XMLSyntaxError as error:
        raise B2mmlError(label, error.lineno, f"not well-formed XML: {error.msg}") from error
    except OSError as error:
        raise B2mmlError(label, None, f"cannot read the file: {error.strerror or error}"
                         ) from error
    raise B2mmlError(label, None, "the file is empty")


_SCHEMAS: dict[tuple[Path, str], etree.XMLSchema] = {}


def schema(schema_dir: Path, root: str) -> etree.XMLSchema:
    """The compiled V0600 schema for `root`; compiled once per folder (it takes a while)."""
    key = (Path(schema_dir).resolve(), root)
    if key not in _SCHEMAS:
        path = key[0] / SCHEMA_FILES[root]
        _SCHEMAS[key] = etree.XMLSchema(etree.parse(str(path)))
    return _SCHEMAS[key]


def validate(document: Document, root: str, schema_dir: Path) -> None:
    checker = schema(schema_dir, root)
    if not checker.validate(document.root.getroottree()):
        first = checker.error_log[0]
        more = len(checker.error_log) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise B2mmlError(document.name, first.line,
                         f"not valid {root} (B2MML V0600): {first.message}{extra}")


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return element.findall(q(name))


def child(element: etree._Element, name: str) -> etree._Element | None:
    return element.find(q(name))


def text(element: etree._Element | None) -> str | None:
    """Whitespace-collapsed text, None for a missing or empty element."""
    if element is None or element.text is None:
        return None
    value = " ".join(element.text.split())
    return value or None


def child_text(element: etree._Element, name: str) -> str | None:
    return text(child(element, name))


def decimal_of(document: Document, element: etree._Element, value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise document.error(element, f"{etree.QName(element).localname} {value!r} is not a "
                             "number") from None
    if not number.is_finite():
        raise document.error(element, f"{etree.QName(element).localname} {value!r} is not a "
                             "finite number")
    return number


def datetime_of(document: Document, element: etree._Element | None,
                naive_tz: tzinfo = UTC, *, keep_offset: bool = False) -> datetime | None:
    """An xsd:dateTime as an aware UTC datetime (with `keep_offset`, in the offset written);
    times without an offset are in `naive_tz`."""
    value = text(element)
    if element is None or value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise document.error(element, f"{etree.QName(element).localname} {value!r} is not an "
                             "xsd:dateTime such as 2024-03-04T06:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=naive_tz)
    return moment if keep_offset else moment.astimezone(UTC)


_DURATION = re.compile(
    r"P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?")


def duration_of(document: Document, element: etree._Element | None) -> timedelta | None:
    """An xsd:duration in days, hours, minutes and seconds (years and months have no fixed
    length, so a segment's duration in them is refused)."""
    value = text(element)
    if element is None or value is None:
        return None
    found = _DURATION.fullmatch(value)
    if found is None or value in ("P", "PT") or value.endswith("T"):
        raise document.error(element, f"Duration {value!r} is not an xsd:duration in days, "
                             "hours, minutes and seconds such as PT2H30M")
    parts = {k: float(v) for k, v in found.groupdict().items() if v is not None}
    return timedelta(**parts)


def sequence_of(document: Document, element: etree._Element, value: str | None) -> int:
    """A segment's operation sequence: the number its ID ends with ("20", "OP20", "WO-7-20")."""
    found = re.search(r"(\d+)$", value or "")
    if found is None:
        raise document.error(element, f"segment ID {value!r} does not end with the operation's "
                             "sequence number (e.g. 10, OP20)")
    return int(found.group(1))
