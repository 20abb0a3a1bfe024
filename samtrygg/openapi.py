"""The OpenAPI document as the API answers.

Some answers come from the API object rather than the operations, so no operation declares them;
`declare_shared_responses` adds them to every operation they can come from:

- 400 `DetailOut`: the input boundary (samtrygg/inputs.py) refuses NUL, control characters and
  lone surrogates in the path, query string, JSON body or Authorization header, before any handler.
- 401 `DetailOut`: an operation behind a token or session without one (ninja's "Unauthorized").
- 403 `DetailOut`: a role without the permission (the PermissionDenied handler in samtrygg/api.py),
  or a session request without its CSRF token.
- 404 `DetailOut`: an id that does not exist or belongs to another municipality, and a
  `municipality` the caller is not a member of.
- 422 `ErrorsOut`: a request the schema refuses (the ValidationError handler in samtrygg/api.py),
  `{"errors": {"field": ["Swedish message"]}}`. Where an operation declares a 422 of its own (an
  importer's row errors), the document says the answer is one of the two.

The shared error bodies live here so every app's API answers them with one schema name."""

from typing import Any, Literal

from ninja import NinjaAPI, Schema

# ninja's own description of each status, as it writes them for declared responses
DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    422: "Unprocessable Content",
}


class DetailOut(Schema):
    """An error answered with one message (Swedish, or ninja's own for 401 and 404)."""

    detail: str


class ErrorsOut(Schema):
    """Field errors: each field (dotted path, `__all__` for the whole request) with its messages."""

    errors: dict[str, list[str]]


def choice(choices, *extra):
    """The values of a model's TextChoices/IntegerChoices (and `extra` ones, such as "" for a blank
    field) as a Literal, so the document lists them as an enum and the API refuses others."""
    return Literal[tuple(extra) + tuple(choices.values)]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _component(components: dict, model: type[Schema]) -> dict:
    name = model.__name__
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    existing = components.setdefault(name, schema)
    if existing != schema:
        raise ValueError(f"Two schemas are named {name} in the OpenAPI document")
    return _ref(name)


def _has_input(op: dict) -> bool:
    return bool(op.get("parameters") or op.get("requestBody"))


def _refers_to_objects(schema: dict, components: dict, depth: int = 0) -> bool:
    """Whether a body schema names a municipality or an object by id."""
    if depth > 3:
        return False
    if "$ref" in schema:
        return _refers_to_objects(components.get(schema["$ref"].split("/")[-1], {}), components, depth + 1)
    names = schema.get("properties", {})
    if any(name == "municipality" or name.endswith("_id") for name in names):
        return True
    return any(_refers_to_objects(s, components, depth + 1) for s in schema.get("allOf", []) + schema.get("anyOf", []))


def _may_be_missing(path: str, op: dict, components: dict) -> bool:
    """An operation with an id in its path, or a municipality or object id to name, answers 404
    for one that is not there (or not the caller's)."""
    if "{" in path:
        return True
    if any(p.get("name") == "municipality" for p in op.get("parameters", [])):
        return True
    body = op.get("requestBody", {}).get("content", {})
    return any(_refers_to_objects(c.get("schema", {}), components) for c in body.values())


def declare_shared_responses(document: dict[str, Any]) -> dict[str, Any]:
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (DetailOut, ErrorsOut):
        # a component that refers to others would need them too; these two are flat
        _component(components, model)
    detail, errors = _ref("DetailOut"), _ref("ErrorsOut")
    for path, operations in document.get("paths", {}).items():
        for op in operations.values():
            # ninja keys the statuses as ints; as strings, as the JSON has them, so none is there twice
            responses = op["responses"] = {str(status): answer for status, answer in op.get("responses", {}).items()}

            def declare(status: int, schema: dict) -> None:
                responses.setdefault(str(status), {"description": DESCRIPTIONS[status], "content": _json(schema)})

            declare(400, detail)
            if op.get("security"):
                declare(401, detail)
                declare(403, detail)
            if _may_be_missing(path, op, components):
                declare(404, detail)
            if _has_input(op):
                own = responses.get("422")
                if own is None:
                    declare(422, errors)
                else:
                    content = own.setdefault("content", {}).setdefault("application/json", {})
                    schema = content.get("schema")
                    if schema is None:
                        content["schema"] = errors
                    elif schema != errors and errors not in schema.get("anyOf", []):
                        content["schema"] = {"anyOf": [schema, errors]}
    return document


class DocumentedAPI(NinjaAPI):
    """ninja's API whose OpenAPI document also declares the shared answers (see above)."""

    def get_openapi_schema(self, **kwargs: Any):
        return declare_shared_responses(super().get_openapi_schema(**kwargs))
