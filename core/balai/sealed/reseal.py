"""``balai reseal``: re-encrypt every sealed value with the newest sealing key.

Walks each column that holds sealed values (hook ``sealed_columns``: the core's own and every
plugin's), rewrites each token made with an older key, and then marks every key that no value
uses any more as retired, so that it may leave the key file. Each row is rewritten with a
compare-and-swap (``WHERE`` the value is still what was read), so the app may keep running: a
row changed meanwhile was written with the newest key already, and the final count says whether
anything is left. Documents' bytes are not rewritten: their data keys, inside the sealed
envelope column, are what moves to the new key. The timeline stays append-only in what it says:
re-encrypting a note changes its ciphertext, never its text.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from piccolo.columns import JSON, JSONB

from balai.context import current
from balai.sealed import crypto
from balai.sealed import service as sealing
from balai.sealed.keys import Keyring

BATCH = 500
_LIKE = "%" + crypto.PREFIX + "%"


@dataclass
class Result:
    newest: str = ""
    resealed: dict[str, int] = field(default_factory=dict)  # "table.column" -> values rewritten
    left: Counter = field(default_factory=Counter)  # key id -> values still sealed with it
    retired: list[str] = field(default_factory=list)


def columns() -> list:
    """Every column the core and the enabled plugins keep sealed values in."""
    return [column for _owner, found in current().host.per_plugin("sealed_columns") for column in found or []]


def _tokens(value) -> list[str]:
    if isinstance(value, str):
        return [value] if crypto.is_token(value) else []
    if isinstance(value, dict):
        return [t for v in value.values() for t in _tokens(v)]
    if isinstance(value, list):
        return [t for v in value for t in _tokens(v)]
    return []


def _rewrite(value, ring: Keyring):
    if isinstance(value, str):
        return (crypto.reseal(ring, value) or value) if crypto.is_token(value) else value
    if isinstance(value, dict):
        return {k: _rewrite(v, ring) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, ring) for v in value]
    return value


def _where(column) -> tuple[object, str, str, str, bool]:
    table = column._meta.table
    return (table, table._meta.tablename, column._meta.db_column_name, table._meta.primary_key._meta.db_column_name,
            isinstance(column, (JSON, JSONB)))


async def _rows(column):
    """(primary key, stored text) of each row whose column holds a token, in batches."""
    table, tablename, name, pk, _json = _where(column)
    last = None
    while True:
        after = "" if last is None else f'AND "{pk}" > {{}} '
        rows = await table.raw(
            f'SELECT "{pk}" AS pk, CAST("{name}" AS TEXT) AS value FROM "{tablename}" '
            f'WHERE CAST("{name}" AS TEXT) LIKE {{}} {after}ORDER BY "{pk}" LIMIT {BATCH}',
            _LIKE, *([] if last is None else [last]))
        if not rows:
            return
        for row in rows:
            yield row["pk"], row["value"]
        last = rows[-1]["pk"]


def _parse(text: str, is_json: bool):
    return json.loads(text) if is_json else text


async def reseal_column(column, ring: Keyring) -> int:
    table, tablename, name, pk, is_json = _where(column)
    done = 0
    async for key, text in _rows(column):
        value = _parse(text, is_json)
        if all(crypto.parse_token(t)[0] == ring.newest[0] for t in _tokens(value)):
            continue
        new = _rewrite(value, ring)
        stored = json.dumps(new, ensure_ascii=False) if is_json else new
        changed = await table.raw(
            f'UPDATE "{tablename}" SET "{name}" = {{}} WHERE "{pk}" = {{}} AND CAST("{name}" AS TEXT) = {{}} '
            f'RETURNING "{pk}"', stored, key, text)
        done += bool(changed)
    return done


async def count_keys(column) -> Counter:
    """How many sealed values of the column each key id holds."""
    *_rest, is_json = _where(column)
    found: Counter = Counter()
    async for _key, text in _rows(column):
        found.update(crypto.parse_token(t)[0] for t in _tokens(_parse(text, is_json)))
    return found


async def reseal() -> Result:
    """Move every sealed value to the newest key; retire the keys nothing uses any more."""
    from balai.sealed.tables import SealingKeyUse

    ring = await sealing.ensure_keys()
    result = Result()
    if ring is None:
        return result
    result.newest = ring.newest[0]
    for column in columns():
        _table, tablename, name, *_ = _where(column)
        result.resealed[f"{tablename}.{name}"] = await reseal_column(column, ring)
    for column in columns():
        result.left.update(await count_keys(column))
    del result.left[result.newest]
    used = await SealingKeyUse.select(SealingKeyUse.key_id).where(
        SealingKeyUse.retired_at.is_null() & (SealingKeyUse.key_id != result.newest))
    result.retired = sorted(r["key_id"] for r in used if not result.left[r["key_id"]])
    if result.retired:
        from balai.workflow.store import now

        await SealingKeyUse.update({SealingKeyUse.retired_at: now()}).where(
            SealingKeyUse.key_id.is_in(result.retired))
    return result
