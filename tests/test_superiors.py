"""The superior chain from the organisation tree and its head positions (balai.api.superiors)."""

from __future__ import annotations

from balai.api import superior, superiors

from tests.standin_support import small_dinas


def _names(chain):
    return [level.name if not level.outside else "LUAR" for level in chain]


async def test_a_staff_member_of_a_seksi_goes_up_through_the_kasi_and_the_kepala_bidang(make_user):
    org = await small_dinas(make_user)
    p = org.people
    chain = await superiors(p["staf_seksi"].id)
    assert _names(chain) == [p["kasi"].full_name, p["kabid"].full_name, p["kadis"].full_name, "LUAR"]
    assert chain[0].title.startswith("Kepala Seksi Industri Agro Uji") and chain[0].unit_id == org.units["seksi"]
    assert chain[1].position_id == org.positions["bidang"]
    assert (await superior(p["staf_seksi"].id)).user_id == p["kasi"].id


async def test_a_kasubag_answers_to_the_sekretaris_then_the_kepala_dinas(make_user):
    org = await small_dinas(make_user)
    p = org.people
    assert _names(await superiors(p["kasubag"].id)) == [p["sekretaris"].full_name, p["kadis"].full_name, "LUAR"]
    # and the Sub Bagian's own staff start at the Kasubag
    assert (await superior(p["staf_umum"].id)).user_id == p["kasubag"].id


async def test_a_kepala_bidang_and_the_sekretaris_answer_to_the_kepala_dinas(make_user):
    org = await small_dinas(make_user)
    p = org.people
    for head in ("kabid", "sekretaris"):
        chain = await superiors(p[head].id)
        assert _names(chain) == [p["kadis"].full_name, "LUAR"], head
        assert chain[0].title.startswith("Kepala Dinas Uji")


async def test_the_kepala_dinas_answers_outside_the_dinas(make_user):
    org = await small_dinas(make_user)
    above = await superior(org.people["kadis"].id)
    assert above.outside and above.user_id is None and above.title == "Atasan di luar Dinas"


async def test_a_vacant_kasi_passes_the_staff_member_to_the_kepala_bidang(make_user):
    org = await small_dinas(make_user, vacant=("kasi",))
    p = org.people
    chain = await superiors(p["staf_seksi"].id)
    assert chain[0].vacant and chain[0].user_id is None and chain[0].position_id == org.positions["seksi"]
    assert (await superior(p["staf_seksi"].id)).user_id == p["kabid"].id


async def test_a_user_without_position_or_role_has_no_chain(make_user):
    nobody = await make_user()
    assert await superiors(nobody.id) == [] and await superior(nobody.id) is None


async def test_the_demo_tree_without_holders_falls_back_on_the_kepala_roles(demo, make_user):
    """The demo's head positions have no holders: the kepala_* role holders head their units."""
    staf = await make_user(roles=[("staf", "industri-agro")], unit="industri-agro")
    chain = await superiors(staf.id)
    # Seksi Industri Agro has no head position: its kepala_seksi heads it; then the Kepala Bidang
    # Perindustrian position (held through the kepala_bidang role), then the Kepala Dinas.
    from balai.identity.directory import holders_of

    kasi = holders_of("kepala_seksi")
    assert chain[0].unit_id == demo["industri-agro"] and chain[0].holder_id in (await kasi)[demo["industri-agro"]]
    assert chain[1].title == "Kepala Bidang Perindustrian" and chain[1].unit_id == demo["industri"]
    assert chain[2].title == "Kepala Dinas" and chain[-1].outside
