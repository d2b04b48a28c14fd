"""Who may read a WBS report. Nobody by default: the Tim Telaah of the report's unit, except a
member the report names; the Kepala Dinas (or, when the report is about the Kepala Dinas, the
Sekretaris) once the decision is theirs. The Operator and the administrator read nothing."""

from __future__ import annotations

from balai.api import unseal_case, works_on_case

from balai_pengaduan.sop import TELAAH

PEMUTUS = {"lain": "kepala_dinas", "tim_telaah": "kepala_dinas", "kepala_dinas": "sekretaris",
           "sekretaris_kepala_dinas": "inspektorat"}
# Roles that must not read a report about them (the Kepala Dinas, the Sekretaris with them).
PERAN_TERLAPOR = {"kepala_dinas": {"kepala_dinas"}, "sekretaris_kepala_dinas": {"kepala_dinas", "sekretaris"}}


def isi(case: dict) -> dict:
    """The report's fields, whatever state the case row is in (as stored, or already unsealed)."""
    return unseal_case(case).get("data") or {}


def _nama(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").replace(".", " ").split())


def disebut(user, data: dict) -> bool:
    """Whether the report names ``user`` among those involved: their full name or user name in
    "siapa" (the only names the reporter gives). Checked against the reader, since a member of the
    Tim Telaah is known to Balai only when they come to read."""
    siapa = _nama(str(data.get("siapa", "")))
    names = [_nama(getattr(user, "full_name", "") or ""), _nama(getattr(user, "username", "") or "")]
    return any(len(n) >= 3 and n in siapa for n in names)


def dikecualikan(user, data: dict) -> bool:
    """Conflict of interest: the reader is (or may be) the one reported."""
    terlapor = data.get("terlapor") or "lain"
    held = {role for role, _unit in getattr(user, "roles", ())}
    if held & PERAN_TERLAPOR.get(terlapor, set()):
        return True
    return terlapor == "tim_telaah" and "tim_telaah" in held and disebut(user, data)


async def boleh_membaca(user, case: dict) -> bool:
    if user is None or not case:
        return False
    data = isi(case)
    if dikecualikan(user, data):
        return False
    held = {role for role, _unit in getattr(user, "roles", ())}
    # Not user.can(): that says yes to every administrator, and a report is not theirs.
    if case.get("unit") in getattr(user, "grants", {}).get(TELAAH, ()):
        return True
    # The decider reads once the decision is on their desk (works_on_case: holds, took or closed a task).
    return bool(held & {"kepala_dinas", "sekretaris"}) and await works_on_case(user, case)
