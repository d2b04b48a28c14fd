"""The database engines keep connections between queries; what one query leaves must not reach the next."""

from __future__ import annotations

import asyncio

import pytest

from balai.identity.tables import Unit


async def _setting(name: str) -> str:
    rows = await Unit.raw(f"SELECT current_setting('{name}') AS value")
    return rows[0]["value"]


async def test_a_failed_transaction_leaves_nothing_behind_on_its_connection(app, demo):
    from balai.piccolo_conf import DB

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with DB.transaction():
            await Unit.update({Unit.name: "Tidak jadi"}).where(Unit.id == demo["umum"])
            raise Boom
    # Every pooled connection answers, and none of them sees the rolled-back change.
    names = await asyncio.gather(*(Unit.select(Unit.name).where(Unit.id == demo["umum"]).first()
                                   for _ in range(8)))
    assert len({row["name"] for row in names}) == 1
    assert names[0]["name"] != "Tidak jadi"


@pytest.mark.postgres
async def test_transaction_local_settings_end_with_their_transaction(app, demo):
    from balai.piccolo_conf import DB

    before = await _setting("enable_seqscan")
    async with DB.transaction():
        await Unit.raw("SET LOCAL enable_seqscan = off")
        assert await _setting("enable_seqscan") == "off"
    # The pool hands connections back without asyncpg's RESET ALL round trip; nothing is left over.
    after = await asyncio.gather(*(_setting("enable_seqscan") for _ in range(8)))
    assert set(after) == {before} == {"on"}


@pytest.mark.postgres
async def test_postgres_pool_skips_the_reset_round_trip(app, demo):
    from balai.piccolo_conf import DB

    sent: list[str] = []
    async with DB.pool.acquire() as connection:
        connection.add_query_logger(lambda record: sent.append(record.query))
        await connection.fetch("SELECT 1")
    # Released: the logger would have seen asyncpg's reset query had it been sent.
    assert sent == ["SELECT 1"]


async def test_a_query_refused_for_its_values_does_not_cost_a_connection(app, demo):
    async def refused_then_answered():
        # More refusals than the pool has connections: a connection kept by each would leave none.
        for _ in range(12):
            with pytest.raises(Exception):  # OverflowError on SQLite, DataError from asyncpg
                await Unit.select(Unit.id).where(Unit.id == 10**30)
        return await Unit.select(Unit.id).where(Unit.id == demo["umum"]).first()

    row = await asyncio.wait_for(refused_then_answered(), timeout=20)  # a dry pool waits for ever
    assert row["id"] == demo["umum"]
