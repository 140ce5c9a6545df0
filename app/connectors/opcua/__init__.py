"""OPC UA sources: live machine status and state events by subscription (asyncua).

Only imported when a profile of kind "opcua" is used; asyncua itself loads on first connect.
"""

from app.connectors.opcua.connector import (
    MappingInvalid,
    OpcUaConnector,
    Settings,
    from_profile,
    propose_mapping,
)
from app.connectors.opcua.mapping import Mapping, MappingError, discover, parse_mapping

__all__ = [
    "Mapping",
    "MappingError",
    "MappingInvalid",
    "OpcUaConnector",
    "Settings",
    "discover",
    "from_profile",
    "parse_mapping",
    "propose_mapping",
]
