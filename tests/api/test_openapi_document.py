"""The OpenAPI document is generated from the routes and their models: it lists every route
with its parameters, and the errors it promises are the ones the API gives."""

from __future__ import annotations

import re

from console.ids import MAX_ID

ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def api_routes(app) -> dict[str, tuple[set[str], dict[str, bool]]]:
    """Each /api/v1 route as the document names it: its methods, and per path parameter whether
    the route reads it as an id (the app's `int` converter)."""
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            ints = app.url_map.converters["int"]
            converters = {n: isinstance(c, ints) for n, c in rule._converters.items()}
            found[path] = ({m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}, converters)
    return found


def test_every_route_is_an_operation_with_its_path_parameters(app, client):
    document = client.get("/api/v1/openapi.json").json
    routes = api_routes(app)
    assert set(document["paths"]) == set(routes)
    for path, (methods, converters) in routes.items():
        assert set(document["paths"][path]) == methods, path
        for method in methods:
            operation = document["paths"][path][method]
            declared = {
                p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "path"
            }
            assert set(declared) == set(converters), (path, declared)
            for name, is_id in converters.items():
                expected = ID if is_id else {"type": "string"}
                assert expected.items() <= declared[name].items(), (path, name)
            assert operation["summary"] and "Who may call it" in operation["description"]


def test_answers_bodies_and_queries_come_from_the_models(client):
    document = client.get("/api/v1/openapi.json").json
    paths, schemas = document["paths"], document["components"]["schemas"]
    dial = paths["/calls"]["post"]
    assert dial["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Dial")
    assert schemas["Dial"]["properties"]["lead_id"]["maximum"] == MAX_ID
    answer = dial["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    assert answer == "#/components/schemas/CallAnswer"
    assert schemas["CallCard"]["properties"]["started_at"]["format"] == "date-time"
    assert "new" in schemas["LeadStatus"]["enum"]  # from the domain, so none is missing
    metrics = {p["name"] for p in paths["/metrics"]["get"]["parameters"]}
    assert metrics == {"period", "from", "to", "team", "campaign"}
    imported = paths["/campaigns/{slug}/leads/import"]["post"]
    assert "text/csv" in imported["requestBody"]["content"]
    assert [p["name"] for p in imported["parameters"] if p["in"] == "query"] == ["strict"]
    recording = paths["/calls/{call_id}/recording"]["get"]["responses"]["200"]
    assert recording["content"]["audio/*"]["schema"]["format"] == "binary"
    assert paths["/healthz"]["get"]["security"] == []
    error = paths["/calls"]["post"]["responses"]["422"]["$ref"]
    assert document["components"]["responses"][error.rsplit("/", 1)[1]]["content"][
        "application/json"
    ]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_bad_body_is_the_documented_422_naming_each_field_in_words(client, tokens):
    response = client.post(
        "/api/v1/calls",
        json={"lead_id": "12", "mode": "fax", "colour": 1},
        headers=tokens["telecaller"],
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert set(error) == {"code", "message", "fields", "request_id"}
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "lead_id": "give a whole number, without quotes",
        "mode": "choose one of 'bridge' or 'browser'",
        "colour": "this field is not used here: remove it",
    }
    assert error["message"] == "Some details need fixing."  # a sentence; `fields` names each


def test_a_bad_query_names_the_parameter(client, tokens):
    response = client.get("/api/v1/meetings?status=lunch", headers=tokens["lead"])
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"status"}
    assert "choose one of" in response.json["error"]["fields"]["status"]
    assert client.get("/api/v1/meetings?status=no-show", headers=tokens["lead"]).status_code == 200
