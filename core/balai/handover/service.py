"""Handing a case to another plugin's SOP: a new case there, linked both ways, with the reason.

An SP4N complaint that is really a request for public information becomes a PPID request with
its own legal clock; a letter asking for information becomes one too. The receiving plugin says
which of its SOPs take cases from elsewhere (hook ``handover_targets``, :class:`HandoverTarget`),
so a hand-over to a plugin that is not installed or not enabled is never offered, and refused.

The new case is opened in the target SOP's first step, the link is written (``core_case_link``),
both timelines record it and the ``case_handed_over`` hook runs, all in one transaction: a
refusal anywhere leaves nothing behind. Sealed SOPs neither hand over nor receive (their content
would leave the seal).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from balai.context import current
from balai.i18n import _
from balai.identity import directory
from balai.workflow import store
from balai.workflow.definition import DefinitionError
from balai.workflow.engine import ActionError, open_case
from balai.workflow.store import tx
from balai.workflow.tables import Case

EXTRA = "core.handover"
MAX_REASON = 2000


@dataclass(frozen=True)
class HandoverTarget:
    """An SOP of the declaring plugin that takes cases handed over from other SOPs.

    ``accepts`` names the SOP codes it takes cases from (empty: any SOP but itself); ``label`` is
    the button's text (default: the SOP's name); ``unit`` the code of the unit the new case belongs
    to (default: the handed case's unit); ``complete_first`` an action of the target's first step
    done at once, as when the SOP's own form opens it (e.g. the citizen's "kirim").
    """

    sop: str
    accepts: tuple[str, ...] = ()
    label: Any = None
    unit: str = ""
    complete_first: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "accepts", tuple(self.accepts))

    def takes(self, sop_code: str) -> bool:
        return sop_code != self.sop and (not self.accepts or sop_code in self.accepts)


class HandoverError(ActionError):
    """A hand-over refused; ``messages`` for the user, ``status`` for HTTP (400, 403, 404, 409)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message, conflict=status == 409)
        self.status = status


def load_targets(ctx) -> MappingProxyType:
    """Every enabled plugin's targets by SOP code, checked (a broken one raises DefinitionError)."""
    found: dict[str, HandoverTarget] = {}
    for owner, targets in ctx.host.per_plugin("handover_targets"):
        for target in targets or []:
            where = f"Penyerahan ke SOP '{target.sop}' (plugin '{owner}')"
            sop = ctx.sops.get(target.sop)
            if sop is None or not target.sop.startswith(owner + "."):
                raise DefinitionError(f"{where}: SOP tidak dikenal atau bukan milik plugin ini")
            if target.sop in found:
                raise DefinitionError(f"{where}: dideklarasikan dua kali")
            if sop.sealed:
                raise DefinitionError(f"{where}: SOP tertutup (sealed) tidak menerima penyerahan")
            if target.complete_first and sop.first.action(target.complete_first) is None:
                raise DefinitionError(f"{where}: aksi '{target.complete_first}' tidak ada pada langkah pertamanya")
            found[target.sop] = target
    return MappingProxyType(found)


def targets() -> MappingProxyType:
    """The current app's hand-over targets by SOP code (checked at start-up)."""
    return current().kept(EXTRA, load_targets)


def sop_name(code: str) -> str:
    sop = current().sops.get(code)
    return str(sop.name) if sop else code


async def may_hand_over(user, case: dict) -> bool:
    """Whoever is on the case: an administrator, a head of its unit, or whoever may work on one of
    its open tasks (the rule of the legal clocks too)."""
    from balai.clocks.service import may_manage

    return await may_manage(user, case)


async def _handed_to(case_id: int) -> set[str]:
    from balai.handover.tables import CaseLink

    return {r["to_sop"] for r in await CaseLink.select(CaseLink.to_sop).where(CaseLink.from_case == case_id)}


def _open_to_hand_over(case: dict | None) -> bool:
    sops = current().sops
    return (case is not None and case["sop"] in sops and case["state"] == "berjalan"
            and not sops[case["sop"]].sealed)


async def handover_options(case_id: int, *, user=None) -> list[dict]:
    """The SOPs this case may be handed to now: ``[{"sop", "name", "label"}]``, by label.

    Only SOPs of enabled plugins that take this case's SOP, not yet handed to; empty for a closed
    or sealed case, and, with ``user``, for a user who may not hand it over. A plugin builds its own
    button from it ("Teruskan ke PPID" only when ``"ppid.permohonan"`` is listed).
    """
    case = await store.case_row(case_id)
    if not _open_to_hand_over(case):
        return []
    if user is not None and not await may_hand_over(user, case):
        return []
    done = await _handed_to(case_id)
    options = []
    for code, target in targets().items():
        if code not in current().sops or not target.takes(case["sop"]) or code in done:
            continue
        if user is not None and not _may_open(user, current().sops[code], await _unit(target, case)):
            continue
        options.append({"sop": code, "name": sop_name(code), "label": str(target.label or sop_name(code))})
    return sorted(options, key=lambda o: o["label"])


async def _unit(target: HandoverTarget, case: dict) -> int:
    """The new case's unit: the target's unit code when it names one that exists, else the handed case's."""
    return (await directory.unit_by_code(target.unit) if target.unit else None) or case["unit"]


def _may_open(user, sop, unit: int) -> bool:
    """An SOP naming ``started_by`` is opened on the user's behalf; one that only names a start
    permission is opened as the user, who must hold it in the new case's unit."""
    return bool(sop.started_by) or not sop.start_permission or user.can(sop.start_permission, unit)


def _summary(case: dict) -> dict:
    return {"case": case["id"], "reference": case["reference"], "sop": case["sop"], "sop_name": sop_name(case["sop"])}


async def hand_over(case_id: int, to_sop: str, *, user, reason: str, subject: str | None = None,
                    data: dict | None = None) -> dict:
    """Open a case of ``to_sop`` from case ``case_id``, linked both ways; returns the new :class:`Case`.

    ``reason`` is required (it goes into both timelines and the link); ``subject`` defaults to the
    handed case's subject, ``data`` (the new case's data) to nothing: the two SOPs' data belong to
    different plugins. The new case starts in the target SOP's first step (and does its
    ``complete_first``). When the target SOP names ``started_by`` the new case is opened on the
    user's behalf (its timeline names them), else as the user, who then needs its start permission.
    The handed case itself stays as it is: its own SOP decides whether it ends.

    Raises :class:`HandoverError`: 400 without a reason or subject, 403 for a user not on the case
    (or without the target's start permission where it is opened as the user),
    404 for an unknown case or an SOP that does not take it (unknown, or its plugin disabled), 409
    for a closed or sealed case or one already handed to that SOP. Nothing is written then.
    """
    from balai.audit.service import record as audit
    from balai.handover.tables import CaseLink

    case = await store.case_row(case_id)
    if case is None or case["sop"] not in current().sops:
        raise HandoverError(_("Kasus tidak ditemukan."), 404)
    reason = (reason or "").strip()
    if not reason:
        raise HandoverError(_("Alasan penyerahan wajib diisi."))
    if len(reason) > MAX_REASON:
        raise HandoverError(_("Alasan penyerahan terlalu panjang (paling banyak %(n)s karakter).", n=MAX_REASON))
    if not _open_to_hand_over(case):
        raise HandoverError(_("Hanya kasus yang masih berjalan dan tidak tertutup yang dapat diserahkan."), 409)
    if user is None or not await may_hand_over(user, case):
        raise HandoverError(_("Anda tidak berwenang menyerahkan kasus ini."), 403)
    target = targets().get(to_sop)
    if target is None or to_sop not in current().sops or not target.takes(case["sop"]):
        raise HandoverError(_("SOP tujuan '%(kode)s' tidak tersedia untuk kasus ini.", kode=to_sop), 404)
    sop = current().sops[to_sop]
    subject = case["subject"] if subject is None else subject
    unit = await _unit(target, case)
    if not _may_open(user, sop, unit):
        raise HandoverError(_("Anda tidak berwenang membuka kasus %(sop)s di unit tersebut.", sop=sop_name(to_sop)), 403)
    by = {"actor": user, "actor_name": user.full_name}
    try:
        async with tx():
            # Lock the handed case's row first (the engine's order): a second press waits here,
            # then finds the link below.
            await Case.update({Case.changed_at: store.now()}).where(Case.id == case_id)
            done = await CaseLink.select(CaseLink.to_case).where(CaseLink.key == f"{case_id}:{to_sop}").first()
            if done:
                other = await store.case_row(done["to_case"])
                raise HandoverError(_("Kasus ini sudah diteruskan ke %(sop)s (%(ref)s).", sop=sop_name(to_sop),
                                      ref=other["reference"]), 409)
            opener = {"user": None, "opened_as": user.full_name} if sop.started_by else {"user": user}
            new = await open_case(to_sop, subject, unit_id=unit, data=data or {}, complete_first=target.complete_first,
                                  **opener)
            await CaseLink.insert(CaseLink(key=f"{case_id}:{to_sop}", from_case=case_id, to_case=new["id"],
                                           from_sop=case["sop"], to_sop=to_sop, reason=reason, by_user=user.id,
                                           by_name=user.full_name))
            await store.add_event(case_id, task=None, step="", action="serahkan", sop=case["sop"],
                                  label=_("Diteruskan ke %(sop)s", sop=sop_name(to_sop)), note=reason,
                                  data={"serah": _summary(new)}, **by)
            await store.add_event(new["id"], task=None, step="", action="terima_serahan", sop=to_sop,
                                  label=_("Berasal dari %(sop)s", sop=sop_name(case["sop"])), note=reason,
                                  data={"asal": _summary(case)}, **by)
            await current().host.call("case_handed_over", case=new, from_case=case, reason=reason, user=user)
            await audit(user, "workflow.handover", "case", case_id,
                        detail={"to_case": new["id"], "to_sop": to_sop, "reference": new["reference"]})
    except HandoverError:
        raise
    except ActionError as exc:  # the target SOP refused to open (subject, start permission, first action)
        raise HandoverError("; ".join(exc.messages), 400) from None
    return await store.case_row(new["id"])


async def case_links(case_id: int) -> dict[str, list[dict]]:
    """Where a case went and where it came from: ``{"to": [...], "from": [...]}``, oldest first.

    Each link: ``case`` (the other case's id), ``reference``, ``subject`` (masked for a sealed case),
    ``sop``, ``sop_name``, ``active`` (its plugin is enabled: the link can be followed), ``reason``,
    ``at``, ``by_name``.
    """
    from balai.handover.tables import CaseLink
    from balai.sealed import service as sealing

    rows = await CaseLink.select().where((CaseLink.from_case == case_id) | (CaseLink.to_case == case_id)) \
        .order_by(CaseLink.id)
    others = {r["to_case"] if r["from_case"] == case_id else r["from_case"] for r in rows}
    cases = {c["id"]: c for c in await Case.select(Case.id, Case.reference, Case.subject, Case.sop).where(
        Case.id.is_in(sorted(others)))} if others else {}
    links = {"to": [], "from": []}
    for r in rows:
        outgoing = r["from_case"] == case_id
        other = cases[r["to_case"] if outgoing else r["from_case"]]
        links["to" if outgoing else "from"].append({
            "case": other["id"], "reference": other["reference"], "subject": sealing.mask_case(other)["subject"],
            "sop": other["sop"], "sop_name": sop_name(other["sop"]), "active": other["sop"] in current().sops,
            "reason": r["reason"], "at": r["at"], "by_name": r["by_name"],
        })
    return links


async def handover_panel(user, case: dict) -> dict:
    """What the case page shows: the links both ways and whether to offer "Serahkan ke SOP lain"."""
    return {"links": await case_links(case["id"]),
            "offer": bool(await handover_options(case["id"], user=user))}
