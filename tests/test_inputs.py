"""The input boundary (balai.web.inputs): every route's parameters are bounded types, and what
they refuse is a 400 that says why — never a 500, never a stored NUL."""

from __future__ import annotations

import inspect
import re

import msgspec
import pytest
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg, ParameterKwarg
from litestar.routes import HTTPRoute

from balai.web.inputs import CONTROL_FREE, FormFields, InputError, PageNumber, clean_text, explain, whole_number

# Litestar's own handlers (static files, the OpenAPI documents) are not Balai's to type.
FOREIGN = ("litestar.",)
CONNECTION = {"request", "state", "scope", "headers", "cookies"}
RAW_READS = re.compile(r"request\.(query_params|form\(\)|json\(\)|body\(\)|stream\(\))")


def _problems_in_type(info, where: str) -> list[str]:
    """What is unbounded in a msgspec type: a string without length or pattern, an integer
    without its range, a body typed Any."""
    ti = msgspec.inspect
    if isinstance(info, ti.StrType):
        if info.max_length is None or info.pattern != CONTROL_FREE:
            return [f"{where}: str without max_length and CONTROL_FREE"]
        return []
    if isinstance(info, ti.IntType):
        if (info.ge is None and info.gt is None) or (info.le is None and info.lt is None):
            return [f"{where}: int without its range"]
        return []
    if isinstance(info, ti.UnionType):
        return [p for t in info.types for p in _problems_in_type(t, where)]
    if isinstance(info, (ti.ListType, ti.SetType, ti.FrozenSetType, ti.VarTupleType)):
        return _problems_in_type(info.item_type, where + "[]")
    if isinstance(info, ti.DictType):
        found = _problems_in_type(info.key_type, where + ".key")
        # A JSON object of free shape (a case's data): its strings are checked by BalaiRequest.json.
        if not isinstance(info.value_type, ti.AnyType):
            found += _problems_in_type(info.value_type, where + ".value")
        return found
    if isinstance(info, (ti.StructType, ti.DataclassType)):
        return [p for f in info.fields for p in _problems_in_type(f.type, f"{where}.{f.name}")]
    if isinstance(info, ti.AnyType):
        return [f"{where}: Any"]
    return []  # bool, float, None, dates, literals, enums: msgspec parses them whole or refuses


def _handlers(app):
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                if not handler.fn.__module__.startswith(FOREIGN):
                    yield route, handler


def test_every_parameter_of_every_route_is_a_boundary_type(app):
    problems = []
    for route, handler in _handlers(app):
        for name, field in handler.parsed_fn_signature.parameters.items():
            if name in CONNECTION:
                continue
            where = f"{handler.fn.__module__}.{handler.fn.__name__}({name}) {route.path}"
            kwarg = field.kwarg_definition
            if isinstance(kwarg, BodyKwarg):
                if isinstance(field.annotation, type) and issubclass(field.annotation, FormFields):
                    continue  # Form / MultipartForm: decode_form checks every field
                if kwarg.media_type != RequestEncodingType.JSON:
                    problems.append(f"{where}: a {kwarg.media_type} body that is not Form / MultipartForm")
                    continue
                problems += _problems_in_type(msgspec.inspect.type_info(field.annotation), where)
                if msgspec.inspect.type_info(field.annotation).__class__ is msgspec.inspect.DictType \
                        and kwarg.media_type == RequestEncodingType.JSON:
                    problems.append(f"{where}: a JSON body is a Struct, not a dict")
                continue
            if not isinstance(kwarg, ParameterKwarg):
                problems.append(f"{where}: {field.annotation!r} without a boundary type")
                continue
            inner = [t for t in (field.inner_types or ()) if t.annotation is not type(None)]
            annotation = inner[0].annotation if field.is_optional and inner else field.annotation
            if annotation is str and (kwarg.max_length is None or kwarg.pattern != CONTROL_FREE):
                problems.append(f"{where}: str without max_length and CONTROL_FREE")
            elif annotation is int and (kwarg.ge is None or kwarg.le is None):
                problems.append(f"{where}: int without ge/le")
            elif annotation is PageNumber:
                pass  # clamped to 1 … LAST_PAGE by its decoder, whatever was sent
            elif annotation not in (str, int, bool):
                problems += _problems_in_type(msgspec.inspect.type_info(annotation), where)
    assert not problems, "\n".join(problems)


def test_no_handler_reads_the_raw_request(app):
    """Query parameters, forms and bodies reach a handler through its signature; a streamed upload
    goes through balai.documents.form. Reading them by hand would bypass the boundary."""
    modules = {inspect.getmodule(handler.fn) for _route, handler in _handlers(app)}
    found = []
    for module in modules:
        if module.__name__ == "balai.documents.form":
            continue
        for number, line in enumerate(inspect.getsource(module).splitlines(), 1):
            if RAW_READS.search(line):
                found.append(f"{module.__name__}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_text_and_numbers_read_outside_a_signature():
    assert clean_text("Dinas\tPerdagangan\r\nKaltim") == "Dinas\tPerdagangan\r\nKaltim"
    for bad in ("a\x00b", "\x1b[31m", "x\x7f"):
        with pytest.raises(InputError):
            clean_text(bad)
    with pytest.raises(InputError):
        clean_text("x" * 401, max_length=400)
    assert whole_number(" 12 ") == 12
    for bad in ("99999999999999999999", "4824400564039187.0", "1e3", "", "-1"):
        with pytest.raises(InputError):
            whole_number(bad)


def test_validation_details_are_said_in_indonesian():
    said = explain([
        {"message": "Expected `str` matching regex '^...$'", "key": "q", "source": "query"},
        {"message": "Expected `int` <= 2999", "key": "tahun", "source": "query"},
        {"message": "Expected `str` of length <= 254 - at `$.email`", "key": "data", "source": "body"},
    ])
    assert said == ("q: berisi karakter kendali yang tidak diterima; tahun: paling besar 2999; "
                    "email: paling banyak 254 karakter")
