"""The lembar disposisi as offices print it (issue 22, item 6): the letterhead, the letter's data with
its sifat ticked, "Diteruskan kepada" with the units the letter went to ticked, the instructions, the
chain with each row's real recipient (the Sekretaris's row names the Kepala Dinas it was forwarded
to), the paraf boxes, and dates written as Indonesians write them."""

from __future__ import annotations

import re
import secrets
from datetime import date

from balai_persuratan import alur, naskah
from balai_persuratan.tables import SuratMasuk

from balai.testing import csrf_from
from tests.pdftext import extract_text
from tests.workflow_support import open_tasks, person

from .test_persuratan_naskah import AGENCY, restore, set_letterhead

BATAS = date(2031, 3, 14)  # a Friday, far enough ahead never to be "before today"


async def act(c, task_id: int, action: str, **data):
    page = await c.get(f"/tasks/{task_id}")
    return await c.post(f"/tasks/{task_id}/act", data={"action": action, "_csrf_token": csrf_from(page.text), **data},
                        follow_redirects=False)


async def only(case_id: int, step: str) -> list[dict]:
    return [t for t in await open_tasks(case_id) if t["step"] == step]


async def test_lembar_disposisi_in_the_offices_layout(app, demo, login, form, register, tmp_path):
    t = secrets.token_hex(3)
    kabid_dag = await person(app, ("kepala_bidang", demo["perdagangan"]), name=f"Kabid Dagang {t}")
    # A second tree in the directory, ordered before the agency's: the sheet lists the units under the
    # letter's own Dinas, not under whichever root comes first.
    from balai.identity.tables import Unit

    await Unit.insert(Unit(code=f"lain-{t}", name=f"Dinas Lain {t}", kind="dinas", parent=None, sort=-1))
    before = await set_letterhead()
    try:
        clerk = await login("demo.pengelola-surat-umum")
        nomor = f"LD/{t}/2026"
        r = await register(clerk, form(nomor_surat=nomor, sifat="penting", tanggal_surat="2026-11-30",
                                       tanggal_terima="2026-12-01", perihal="Undangan pameran produk IKM"))
        assert r.status_code == 303, r.text
        surat = await SuratMasuk.select().where(SuratMasuk.nomor_surat == nomor).first()
        case_id = surat["case_id"]
        assert (await act(await login("demo.kasubag-umum"), (await only(case_id, "verifikasi"))[0]["id"],
                          "paraf")).status_code == 303

        # The Sekretaris proposes two Bidang and forwards the letter to the Kepala Dinas.
        units = [str(demo["industri"]), str(demo["perdagangan"])]
        r = await act(await login("demo.sekretaris"), (await only(case_id, "disposisi_sekretaris"))[0]["id"],
                      "ke_kepala_dinas", unit_ids=units, instruksi="Pelajari dulu", note="Mohon arahan")
        assert r.status_code == 303, r.text
        r = await act(await login("demo.kepala-dinas"), (await only(case_id, "arahan_kepala_dinas"))[0]["id"],
                      "arahan", unit_ids=units, instruksi="Hadiri dan laporkan hasilnya", batas=BATAS.isoformat())
        assert r.status_code == 303, r.text
        for task in await only(case_id, "distribusi"):
            assert (await act(clerk, task["id"], "serahkan")).status_code == 303

        row = await SuratMasuk.select().where(SuratMasuk.id == surat["id"]).first()
        pdf = await naskah.lembar_disposisi(row, await alur.rantai_disposisi(row), compress=False)
        (tmp_path / "lembar-disposisi.pdf").write_bytes(pdf)  # kept by pytest for a look (pdftoppm)
        blocks = extract_text(pdf)
        text = " ".join(blocks)

        assert AGENCY.upper() in text and "LEMBAR DISPOSISI" in text  # the core's letterhead
        for expected in ("30 November 2026", "1 Desember 2026", f"{row['nomor_agenda']}/{row['tahun']}",
                         "1 (satu) berkas", "Undangan pameran produk IKM", "Hadiri dan laporkan hasilnya (batas 14 Maret 2031)"):
            assert expected in text, expected
        # Dates only as Indonesians write them: no ISO date, no 02/12/2026.
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}", text), text

        # Ticked: the sifat of the letter, the Kepala Dinas and the two Bidang; not the others.
        def ticked(label: str) -> bool:
            i = blocks.index(label)
            return blocks[i - 1] == "✓"

        assert ticked("Penting") and not ticked("Biasa") and not ticked("Rahasia")
        assert ticked("Kepala Dinas") and ticked("Kepala Bidang Perindustrian") and ticked("Kepala Bidang Perdagangan")
        assert not ticked("Sekretaris") and not ticked("Kepala Bidang Koperasi")

        # The chain: each row says where the letter went from there.
        chain = text[text.index("Riwayat disposisi"):]
        sekretaris_row = chain[chain.index("Teruskan ke Kepala Dinas"):]
        assert sekretaris_row.split("Mohon arahan")[0].strip().startswith("Teruskan ke Kepala Dinas Kepala Dinas"), \
            sekretaris_row[:200]
        assert "Sekretariat" not in chain
        assert "Usulan disposisi: Bidang Perindustrian; Bidang Perdagangan" in chain
        assert "Beri paraf verifikasi Sekretaris" in chain  # the Kasubag's paraf went to the Sekretaris
        assert "Pengelola Surat dan Arsip Bidang Perindustrian" in chain  # the clerk handed it to the Bidang
        # Bidang Perdagangan's branch: its clerk, or its head where other tests left no clerk there.
        assert re.search(r"Serahkan ke unit \(tanda terima\) (Pengelola Surat dan Arsip|Kepala) Bidang Perdagangan", chain)
        assert re.search(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                         r"November|Desember) \d{4} pukul \d{2}\.\d{2}", chain)
        # The paraf boxes: who initialled, and the Kepala Dinas's.
        for title in ("Paraf Kepala Sub Bagian Umum", "Paraf Sekretaris", "Paraf Kepala Dinas"):
            assert title in text, title
    finally:
        await restore(before)
