"""Script words for one call: variables filled in a sandbox, every value escaped, never re-parsed.

A step's `say` is plain words with placeholders like {{ lead.first_name }}; the script's own
words are escaped too, so an editor's "<" shows as "<" rather than becoming HTML. Only the names
in TEMPLATE_VARIABLES and a few harmless filters (|default('there'), |upper ...) may be used;
template_problems reports anything else when the script is checked, and at render time a missing
value renders as empty text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, NamedTuple

from jinja2 import ChainableUndefined, Template, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from console.domain.scripts import TEMPLATE_VARIABLES

SAFE_FILTERS = frozenset({"default", "upper", "lower", "title", "capitalize", "trim"})
_GROUPS: dict[str, tuple[str, ...]] = {
    group: tuple(
        sorted(v.split(".", 1)[1] for v in TEMPLATE_VARIABLES if v.startswith(f"{group}."))
    )
    for group in ("lead", "agent", "campaign")
}
_EXAMPLE = "{{ lead.first_name }}"
_ENV = ImmutableSandboxedEnvironment(autoescape=True, undefined=ChainableUndefined)
_ENV.globals.clear()  # no range, dict, lipsum or cycler: scripts need none of them


class TemplateProblem(NamedTuple):
    """Something wrong in a `say` text: its line within the text and, if any, a word to spot."""

    line: int
    message: str
    near: str | None = None


def render(
    template_text: str,
    lead: Mapping[str, Any],
    agent: Mapping[str, Any],
    campaign: Mapping[str, Any],
) -> Markup:
    """The words to say on this call, safe to put in a page as they are."""
    try:
        template = _compiled(template_text)
        return Markup(
            template.render(
                lead=_fields("lead", lead),
                agent=_fields("agent", agent),
                campaign=_fields("campaign", campaign),
            )
        )
    except Exception:
        # Only text that skipped the check gets here (a syntax error); a live call must still
        # show the words as written rather than fail.
        return escape(template_text)


def template_variables(text: str) -> set[str]:
    """The dotted names a text uses, like {'lead.first_name'}; raises TemplateSyntaxError."""
    return set(_names(_ENV.parse(text)))


def template_problems(text: str) -> list[TemplateProblem]:
    """Why a `say` text cannot render as meant: bad syntax, unknown names, anything but words."""
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        message = f"the words do not parse ({exc.message}); write variables like {_EXAMPLE}"
        return [TemplateProblem(exc.lineno, message)]
    problems: list[TemplateProblem] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            message = (
                f"tags such as {{% if %}} are not allowed, only words and variables like {_EXAMPLE}"
            )
            problems.append(TemplateProblem(node.lineno, message))
            continue
        for expression in node.nodes:
            if not isinstance(expression, nodes.TemplateData):
                problems.extend(_expression_problems(expression))
    return problems


def _expression_problems(expression: nodes.Node) -> list[TemplateProblem]:
    inner = expression
    while isinstance(inner, nodes.Filter):
        if not _safe_filter(inner):
            allowed = ", ".join(f"|{name}" for name in sorted(SAFE_FILTERS))
            return [
                TemplateProblem(
                    inner.lineno,
                    f"the filter |{inner.name} is not allowed; use {allowed}",
                    inner.name,
                )
            ]
        inner = inner.node
    name = _dotted(inner)
    if name is None:
        message = f"only variables like {_EXAMPLE} can go between {{{{ and }}}}"
        return [TemplateProblem(expression.lineno, message)]
    if name not in TEMPLATE_VARIABLES:
        close = difflib.get_close_matches(name, sorted(TEMPLATE_VARIABLES), n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else ""
        message = f"unknown variable {name}{hint}; use {', '.join(sorted(TEMPLATE_VARIABLES))}"
        return [TemplateProblem(inner.lineno, message, name.rsplit(".", 1)[-1])]
    return []


def _safe_filter(node: nodes.Filter) -> bool:
    plain_arguments = all(isinstance(arg, nodes.Const) for arg in node.args)
    extras = node.kwargs or node.dyn_args or node.dyn_kwargs
    return node.name in SAFE_FILTERS and plain_arguments and not extras and node.node is not None


def _dotted(node: nodes.Node | None) -> str | None:
    """'lead.first_name' for lead.first_name or lead['first_name']; None for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _dotted(node.node)
        return f"{base}.{node.arg.value}" if base else None
    return None


def _names(node: nodes.Node) -> Iterator[str]:
    dotted = _dotted(node)
    if dotted is not None:
        yield dotted
        return
    for child in node.iter_child_nodes():
        yield from _names(child)


@lru_cache(maxsize=512)
def _compiled(text: str) -> Template:
    """The text compiled once: its own words escaped, anything but allowed variables dropped."""
    tree = _ENV.parse(text)
    # Checked scripts hold only allowed variables; text that skipped the check still never
    # reaches the sandbox with more than that, so the sandbox is a second wall, not the only one.
    tree.body = [node for node in tree.body if isinstance(node, nodes.Output)]
    for output in tree.body:
        output.nodes = [_allowed(node) for node in output.nodes]
    tree.set_environment(_ENV)
    return _ENV.from_string(tree)


def _allowed(node: nodes.Expr) -> nodes.Expr:
    if isinstance(node, nodes.TemplateData):
        node.data = str(escape(node.data))
        return node
    return nodes.TemplateData("", lineno=node.lineno) if _expression_problems(node) else node


def _fields(group: str, values: Mapping[str, Any] | None) -> SimpleNamespace:
    """Only the allowed fields, as text; a missing or empty one stays undefined: empty text."""
    values = values or {}
    present = {
        name: str(values[name]) for name in _GROUPS[group] if values.get(name) not in (None, "")
    }
    return SimpleNamespace(**present)
