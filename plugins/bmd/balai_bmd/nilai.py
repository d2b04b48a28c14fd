"""Valuing a supply item from its ledger: FIFO or moving weighted average (PSAP 05 para 17).

A pure function over the movements in ledger order, so the hand-worked examples of the tests run
without a database. The method is the one in force for each movement's semester; where it changes
between two semesters the stock carries over at its value (FIFO's layers merged into one average
layer, or the average layer becoming FIFO's first layer): the report names the method of each
semester, so methods are never mixed within one without being said.

Values are ``Decimal`` rupiah; a part of a layer is valued at its exact share, rounded to the sen,
and the rounding stays in the layer, so the ledger's total value is never off by the roundings.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

SEN = Decimal("0.01")
FIFO, RATA = "fifo", "rata"


def semester(day: date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


@dataclass
class Hasil:
    nilai_mutasi: dict[int, Decimal] = field(default_factory=dict)  # movement id -> value (+ in, - out)
    jumlah: int = 0
    nilai: Decimal = Decimal(0)
    lapisan: list[tuple[int, Decimal]] = field(default_factory=list)  # what is left: (quantity, value)


class StokKurang(ValueError):
    """An issue larger than what the ledger holds at that point (the write checks prevent it)."""


def hitung(mutasi: list[dict], metode_semester: Callable[[tuple[int, int]], str]) -> Hasil:
    """``mutasi``: dicts with ``id``, ``tanggal``, ``jumlah`` (signed) and ``harga_satuan``, in ledger
    order (date, then id)."""
    layers: deque[list] = deque()
    hasil = Hasil()
    method = None
    for m in mutasi:
        now = metode_semester(semester(m["tanggal"]))
        if now != method:
            if now == RATA and len(layers) > 1:
                q, v = sum(x[0] for x in layers), sum((x[1] for x in layers), Decimal(0))
                layers = deque([[q, v]])
            method = now
        qty = m["jumlah"]
        if qty > 0:
            value = Decimal(qty) * Decimal(m["harga_satuan"])
            if method == RATA and layers:
                layers[0][0] += qty
                layers[0][1] += value
            else:
                layers.append([qty, value])
            hasil.nilai_mutasi[m["id"]] = value
            continue
        need, cost = -qty, Decimal(0)
        while need:
            if not layers:
                raise StokKurang(m["id"])
            layer = layers[0]
            if layer[0] <= need:
                cost += layer[1]
                need -= layer[0]
                layers.popleft()
            else:
                part = (layer[1] * need / layer[0]).quantize(SEN, rounding=ROUND_HALF_UP)
                cost += part
                layer[0] -= need
                layer[1] -= part
                need = 0
        hasil.nilai_mutasi[m["id"]] = -cost
    hasil.lapisan = [(q, v) for q, v in layers]
    hasil.jumlah = sum(q for q, _v in hasil.lapisan)
    hasil.nilai = sum((v for _q, v in hasil.lapisan), Decimal(0))
    return hasil
