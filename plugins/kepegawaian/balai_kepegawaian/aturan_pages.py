"""The leave rules as settings (permission ``kepegawaian.aturan``): every number of Peraturan BKN
24/2017 with the regulation's value, the value in force today and since when, its history; a new
value takes effect from a date and cites what decided it (``aturan.ubah``)."""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response

from balai.api import Form, PathText, _, format_date, redirect, render, today

from balai_kepegawaian import aturan

ATURAN = "kepegawaian.aturan"


def _jenis_nilai(kunci: str) -> str:
    """How the form asks for a value: "ya_tidak", "daftar" (leave kinds) or "angka"."""
    default = aturan.bawaan(kunci).nilai
    return "ya_tidak" if isinstance(default, bool) else "daftar" if isinstance(default, list) else "angka"


def _baca_nilai(kunci: str, data) -> object:
    """The typed value in the rule's type; what cannot be read goes to aturan.ubah's own check."""
    kind = _jenis_nilai(kunci)
    if kind == "ya_tidak":
        return {"ya": True, "tidak": False}.get(str(data.get("nilai") or ""), "")
    if kind == "daftar":
        return [str(v) for v in data.getall("nilai")]
    text = str(data.get("nilai") or "").strip().replace(",", ".")
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


def _rule(rules: list[dict], kunci: str) -> dict:
    found = next((r for r in rules if r["kunci"] == kunci), None)
    if found is None:
        raise NotFoundException(_("Aturan tidak ditemukan."))
    return found


@get("/cuti/aturan", opt={"permission": ATURAN})
async def daftar(request: Request) -> Response:
    return render(request, "kepegawaian/cuti/aturan.html", rules=await aturan.daftar(today()), hari_ini=today(),
                  jenis=aturan.JENIS)


async def _form(request: Request, kunci: str, form: dict, errors: list[str], status: int = 200) -> Response:
    rule = _rule(await aturan.daftar(today()), kunci)
    return render(request, "kepegawaian/cuti/aturan_ubah.html", status_code=status, rule=rule, form=form,
                  errors=errors, jenis_nilai=_jenis_nilai(kunci), jenis=aturan.JENIS)


@get("/cuti/aturan/{kunci:str}", opt={"permission": ATURAN})
async def form_ubah(request: Request, kunci: PathText) -> Response:
    rule = _rule(await aturan.daftar(today()), kunci)
    return await _form(request, kunci, {"nilai": rule["nilai"], "berlaku_mulai": today().isoformat(), "sumber": ""}, [])


@post("/cuti/aturan/{kunci:str}", opt={"permission": ATURAN})
async def ubah(request: Request, kunci: PathText, data: Form) -> Response:
    _rule(await aturan.daftar(today()), kunci)
    value = _baca_nilai(kunci, data)
    form = {"nilai": value, "berlaku_mulai": str(data.get("berlaku_mulai") or ""), "sumber": str(data.get("sumber") or "")}
    errors: list[str] = []
    try:
        mulai = date.fromisoformat(form["berlaku_mulai"])
    except ValueError:
        mulai = None
        errors.append(_("Tanggal berlaku wajib diisi sebagai tahun-bulan-tanggal."))
    if mulai is not None:
        try:
            await aturan.ubah(kunci, value, mulai, form["sumber"], request.scope["user"])
        except aturan.AturanError as exc:
            errors.append(str(exc))
    if errors:
        return await _form(request, kunci, form, errors, 400)
    return redirect(request, "/kepegawaian/cuti/aturan",
                    _("Aturan diubah, berlaku mulai %(tanggal)s.", tanggal=format_date(mulai)))


def routes() -> list:
    return [daftar, form_ubah, ubah]
