"""The kiosk at the entrance (SOP 9 step 2): check-in by QR/number, or walk-in registration.

A hand-held or USB QR scanner acts as a keyboard: it types the registration number into the
focused field and presses Enter, so the check-in form needs no camera library.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect

from balai.api import PathId, _, audit_record, client_ip, cookie_secure, local, redirect, sign_out

from balai_layanan import anjungan, kunjungan, org
from balai_layanan.pages.umum import Form, publik, user

PUBLIC = {"public": True}
KIOSK = {"permission": "layanan.kiosk"}


async def _kiosk(request: Request) -> dict | None:
    return await anjungan.sah(request.cookies.get(anjungan.COOKIE), request.headers.get("user-agent", ""))


def _page(request: Request, template: str, status_code: int = 200, **ctx):
    return publik(request, template, status_code=status_code, layout="layanan/anjungan_layout.html", **ctx)


def _terkunci(request: Request):
    return _page(request, "layanan/anjungan_terkunci.html", status_code=403)


@get("/anjungan", opt=PUBLIC, name="layanan:anjungan")
async def beranda(request: Request) -> object:
    kiosk = await _kiosk(request)
    if kiosk is None:
        return _terkunci(request)
    return _page(request, "layanan/anjungan.html", kiosk=kiosk, nomor="", error="")


@get("/anjungan/buka", opt=KIOSK)
async def buka_form(request: Request) -> object:
    return publik(request, "layanan/anjungan_buka.html", nama="", layout="base.html")


@post("/anjungan/buka", opt=KIOSK)
async def buka(request: Request, data: Form) -> object:
    nama = (data.get("nama") or "").strip() or _("Anjungan Tamu")
    kunci = await anjungan.buka(user(request), nama, request.headers.get("user-agent", ""))
    response = Redirect(path="/layanan/anjungan", status_code=303)
    response.set_cookie(anjungan.COOKIE, kunci, path="/layanan/anjungan", httponly=True, samesite="strict",
                        secure=cookie_secure(request), max_age=anjungan.BERLAKU_JAM * 3600)
    # The tablet is left to visitors: the staff member's own session must not stay on it,
    # neither in the browser nor as a still-valid session on the server.
    await sign_out(request, response)
    return response


# Locking is the staff's: a visitor's tap on the kiosk only leads to this page, which asks for a
# staff sign-in with the kiosk permission (the core sends a visitor to the login page).
@get("/anjungan/kunci", opt=KIOSK)
async def kunci_form(request: Request) -> object:
    return publik(request, "layanan/anjungan_kunci.html", layout="base.html", daftar=await anjungan.terbuka(),
                  ini=anjungan.milik(request.cookies.get(anjungan.COOKIE)))


@post("/anjungan/{anjungan_id:int}/kunci", opt=KIOSK)
async def kunci(request: Request, anjungan_id: PathId) -> object:
    own = next((k for k in await anjungan.terbuka() if k["id"] == anjungan_id), None)
    if not await anjungan.tutup_id(anjungan_id):
        return redirect(request, "/layanan/anjungan/kunci", _("Anjungan itu sudah terkunci."), category="warning")
    await audit_record(user(request), "layanan.anjungan_dikunci", "anjungan", anjungan_id, ip=client_ip(request))
    if own and own["kunci_hash"] == anjungan.milik(request.cookies.get(anjungan.COOKIE)):
        # Locked at the tablet itself: neither the kiosk key nor the staff's session stays on it.
        response = redirect(request, "/layanan/anjungan")
        response.delete_cookie(anjungan.COOKIE, path="/layanan/anjungan")
        await sign_out(request, response)
        return response
    return redirect(request, "/layanan/anjungan/kunci", _("Anjungan %(nama)s dikunci.", nama=own["nama"] if own else ""))


@post("/anjungan/masuk", opt=PUBLIC)
async def masuk(request: Request, data: Form) -> object:
    kiosk = await _kiosk(request)
    if kiosk is None:
        return _terkunci(request)
    nomor = (data.get("nomor") or "").strip()
    row, error = await kunjungan.datang(nomor)
    if error:
        return _page(request, "layanan/anjungan.html", status_code=400, kiosk=kiosk, nomor=nomor, error=error)
    told = await org.beri_tahu_petugas(row)
    return _page(request, "layanan/anjungan_selamat_datang.html", k=row, diberi_tahu=bool(told),
                 jam=local(row["datang_at"]).strftime("%H.%M"))


async def _walk_in_page(request, kiosk, form, errors, status_code=200):
    return _page(request, "layanan/anjungan_langsung.html", status_code=status_code, kiosk=kiosk, form=form,
                 errors=errors, units=await org.unit_tujuan())


@get("/anjungan/langsung", opt=PUBLIC)
async def langsung_form(request: Request) -> object:
    kiosk = await _kiosk(request)
    if kiosk is None:
        return _terkunci(request)
    return await _walk_in_page(request, kiosk, {}, {})


@post("/anjungan/langsung", opt=PUBLIC)
async def langsung(request: Request, data: Form) -> object:
    kiosk = await _kiosk(request)
    if kiosk is None:
        return _terkunci(request)
    units = await org.unit_tujuan()
    form, errors = kunjungan.periksa(data, units, walk_in=True)
    if errors:
        return await _walk_in_page(request, kiosk, form, errors, 400)
    row = await kunjungan.daftar(form, units, walk_in=True)
    told = await org.beri_tahu_petugas(row)
    return _page(request, "layanan/anjungan_selamat_datang.html", k=row, diberi_tahu=bool(told),
                 jam=local(row["datang_at"]).strftime("%H.%M"))


def routes() -> list:
    return [beranda, buka_form, buka, kunci_form, kunci, masuk, langsung_form, langsung]
