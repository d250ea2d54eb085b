"""TwiML as the simulator reads it: a document of verbs with attributes, text and nested nouns."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

HANGUP = "hangup"  # what a verb returns when the call should end here


class TwimlError(ValueError):
    """The document is not TwiML Twilio could execute (Twilio's error 12100)."""


@dataclass
class Verb:
    """One TwiML verb or noun: <Dial timeout="20"><Number url="...">+1...</Number></Dial>."""

    name: str
    attrs: dict[str, str]
    text: str = ""
    nouns: list[Verb] = field(default_factory=list)

    def flag(self, name: str) -> bool:
        """A boolean attribute as Twilio reads it ("true", case-insensitive)."""
        return self.attrs.get(name, "").strip().lower() == "true"

    def number(self, name: str, default: float) -> float:
        """A numeric attribute, or the default when absent or unreadable."""
        try:
            return float(self.attrs[name])
        except (KeyError, ValueError):
            return default


@dataclass
class Document:
    """A TwiML document and the URL it came from, against which relative URLs resolve."""

    verbs: list[Verb]
    url: str | None


def parse_twiml(text: str, url: str | None = None) -> Document:
    """Parse a <Response> document into verbs; raises TwimlError when it is not TwiML."""
    try:
        root = ET.fromstring(text.strip())
    except ET.ParseError as error:
        raise TwimlError(f"invalid XML: {error}") from error
    if root.tag != "Response":
        raise TwimlError(f"the root element is <{root.tag}>, not <Response>")
    return Document([_verb(element) for element in root], url)


def _verb(element: ET.Element) -> Verb:
    nouns = [_verb(child) for child in element]
    return Verb(element.tag, dict(element.attrib), (element.text or "").strip(), nouns)
