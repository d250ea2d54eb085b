"""The OpenAPI 3.1 document, generated: paths and their parameters from the app's routes, the
rest from each view's contract (console.api.auth.Contract) and docstring, schemas from the
contract's pydantic models. Nothing here describes an endpoint by hand."""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from console.contract.errors import Error
from console.ids import MAX_ID

API_PREFIX = "/api/v1"
ROUTE_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
UNSAFE = {"post", "put", "patch", "delete"}
ERRORS = {
    400: "The body is not JSON we can read.",
    401: "No token, or an unknown or revoked one.",
    403: "The role (or intake key) may not do this.",
    404: "Not found, or not visible to you.",
    409: "The request clashes with the current state; `code` says how.",
    413: "The body is over its size limit.",
    422: "A field needs fixing: `fields` names each one and how.",
    503: "The database could not be reached: try again after `Retry-After` seconds.",
}
ABOUT = "Leads, the work queue, calls, outcomes and meetings. Times are ISO 8601 with offset."
MEDIA = {"application/json": {"type": "object"}, "audio/*": {"type": "string", "format": "binary"}}
REF = "#/components/schemas/{model}"
SEGMENTS = defaultdict(
    lambda: {"type": "string", "minLength": 1, "pattern": "^[^/]+$"},
    int={"type": "integer", "minimum": 1, "maximum": MAX_ID},
)
Refs = dict[tuple[type[BaseModel], str], dict[str, Any]]


def operations(app: Flask) -> list[tuple[str, str, Callable[..., Any]]]:
    """(rule, method, view) of every API route, in the order the app declares them."""
    return [
        (rule.rule, method.lower(), app.view_functions[rule.endpoint])
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(API_PREFIX)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def path_parameters(rule: str) -> list[dict[str, Any]]:
    """The route's converters as parameters: an `int` is an id (1 to the largest a column holds),
    anything else one path segment of text."""
    path = {"in": "path", "required": True}
    return [
        {"name": arg["name"], **path, "schema": SEGMENTS[arg["converter"]]}
        for arg in ROUTE_ARGUMENT.finditer(rule)
    ]


def _schemas(contracts: list[Any]) -> tuple[Refs, dict[str, Any]]:
    """Each model's reference and every schema, for components: what is read is validated,
    what is answered is serialised."""
    wanted = {(Error, "serialization")}
    for contract in contracts:
        wanted |= {(model, "validation") for model in (contract.body, contract.query)}
        wanted |= {(model, "serialization") for model in contract.answers.values()}
    models = sorted(
        (m for m in wanted if isinstance(m[0], type)), key=lambda m: (m[0].__name__, m[1])
    )
    refs, top = models_json_schema(models, ref_template=REF)
    return refs, top.get("$defs", {})


def _query_parameters(model: type[BaseModel] | None) -> list[dict[str, Any]]:
    """The query model's fields as parameters (a query never holds null: absent instead)."""
    shape = model.model_json_schema(ref_template=REF) if model else {"properties": {}}
    parameters = []
    for name, field in shape["properties"].items():
        kept = {k: v for k, v in field.items() if k not in ("anyOf", "default", "title")}
        schema = [s for s in field.get("anyOf", [field]) if s.get("type") != "null"][0] | kept
        described = {"description": schema.pop("description", "")}
        required = name in shape.get("required", [])
        parameters.append({"name": name, "in": "query", "required": required, **described})
        parameters[-1]["schema"] = schema
    return parameters


def _content(edge: Any, refs: Refs, mode: str) -> dict[str, Any]:
    """A model as JSON, or a media type the view reads or writes itself."""
    if isinstance(edge, type):
        return {"application/json": {"schema": refs[(edge, mode)]}}
    return {edge: {"schema": MEDIA.get(edge, {"type": "string"})}}


def _first_line(thing: Any) -> str:
    return (inspect.getdoc(thing) or "").partition("\n")[0].strip()


def _responses(rule: str, method: str, contract: Any, refs: Refs) -> dict[str, Any]:
    """The answers the view declares, then the errors it may give, each in the one Error shape."""
    responses = {
        str(status): {
            "description": _first_line(edge) if isinstance(edge, type) else edge,
            "content": _content(edge, refs, "serialization"),
        }
        for status, edge in sorted(contract.answers.items())
    }
    errors = set() if contract.public else {401, 403, 422, 503}  # 503: credentials need the db
    errors |= {400, 409} if method in UNSAFE and not contract.public else set()
    errors |= {404} if "<" in rule or contract.body else set()
    errors |= {413} if isinstance(contract.body, str) else set()
    for status in sorted(errors - set(contract.answers)):
        responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
    return responses


def _operation(rule: str, method: str, view: Callable[..., Any], refs: Refs) -> dict[str, Any]:
    """One operation: summary and description from the docstring, the rest from the contract."""
    contract = view.contract  # every API view declares one (api_roles or public)
    details = (inspect.getdoc(view) or "").partition("\n")[2].strip()
    who = ", ".join(role.value for role in contract.roles) + (", an intake key" * contract.intake)
    operation: dict[str, Any] = {
        "operationId": view.__name__,
        "summary": _first_line(view),
        "description": f"{details}\n\nWho may call it: {who or 'anyone'}.".strip(),
        "parameters": path_parameters(rule) + _query_parameters(contract.query),
        "responses": _responses(rule, method, contract, refs),
    }
    if contract.public:
        operation["security"] = []
    if body := contract.body:
        fields = body.model_fields.values() if isinstance(body, type) else ()
        required = isinstance(body, str) or any(field.is_required() for field in fields)
        operation["requestBody"] = {
            "required": required,
            "content": _content(body, refs, "validation"),
        }
    return operation


def document(app: Flask) -> dict[str, Any]:
    """The whole OpenAPI document of the app's API."""
    found = operations(app)
    refs, schemas = _schemas([view.contract for _, _, view in found])
    paths: dict[str, dict[str, Any]] = {}
    for rule, method, view in found:
        path = ROUTE_ARGUMENT.sub(r"{\g<name>}", rule.removeprefix(API_PREFIX))
        paths.setdefault(path, {})[method] = _operation(rule, method, view, refs)
    error = refs[(Error, "serialization")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Handoff API", "version": "1", "description": ABOUT},
        "servers": [{"url": API_PREFIX}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": {
                f"E{code}": {
                    "description": words,
                    "content": {"application/json": {"schema": error}},
                }
                for code, words in ERRORS.items()
            },
        },
    }
