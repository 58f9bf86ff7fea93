"""What the appeals flows keep about a resident, in /mydata, and what withdrawn consent or
deletion does to it.

- Drafts, the saved address and e-mail: erased when consent is withdrawn or data deleted.
- A status stated for priority consideration (sensitive): shown here with its appeal; erased
  when consent is withdrawn, data deleted (its row cascades with the resident), the resident
  removes it or the appeal is answered.
- A registered appeal is an official record the council must keep (Law «Про звернення
  громадян», art. 5 and the rules of record keeping): deleting one's data unlinks it from
  the chat (resident_id becomes NULL), the appeal with the name and address stays with the
  council, and its answer goes to the address given instead of the chat. Withdrawing consent
  keeps it linked, so the answer still arrives.
- A report stays as the council's record without the reporter: deleting one's data or
  withdrawing consent erases the name and phone on a named report (no law keeps them), and
  deleting removes the resident as a follower."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext

from handlers.appeals.flow import flow
from handlers.appeals.screens import priority_name
from handlers.appeals.states import AppealForm, AppealReply, ReportForm
from storage.appeals.drafts import DraftStore
from storage.appeals.reports import ReportService
from storage.appeals.service import AppealService
from storage.residents import Resident
from ui.i18n import Translator

LISTED = 10
RESIDENT_FORMS = {
    s.state for group in (AppealForm, ReportForm, AppealReply) for s in group.__states__
}


@flow.data_section
async def appeals_in_mydata(
    t: Translator, resident: Resident, appeals: AppealService, reports: ReportService
) -> str | None:
    mine = await appeals.of_resident(resident.id)
    sent = await reports.of_resident(resident.id)
    address, email = await appeals.saved_contact(resident.id)
    if not (mine or sent or address or email):
        return None
    lines = []
    if mine:
        lines.append(t("appeal-mydata-appeals", count=len(mine)))
        lines += [
            t("appeal-mydata-item", number=a.number, kind=t(f"appeal-kind-{a.kind.value}"))
            + (t("appeal-mydata-priority", status=priority_name(t, a)) if a.priority else "")
            for a in mine[:LISTED]
        ]
        if any(a.priority for a in mine):
            lines.append(t("appeal-mydata-priority-notice"))
    if address or email:
        lines.append(t("appeal-mydata-contact", address=address or "—", email=email or "—"))
    if sent:
        lines.append(t("appeal-mydata-reports", count=len(sent)))
    lines.append(t("appeal-mydata-notice"))
    return "\n".join(lines)


@flow.on_consent_withdrawn
async def forget_appeal_data(
    resident: Resident,
    appeals: AppealService,
    reports: ReportService,
    appeal_drafts: DraftStore,
    state: FSMContext,
) -> None:
    """Drafts, the saved contact, stated priority statuses and the name on named reports go,
    and an open appeal or report form is closed: nothing typed afterwards is taken for one."""
    await appeals.forget_resident(resident.id)
    await reports.forget_reporter(resident.id)
    await appeal_drafts.discard_all(resident.id)
    if await state.get_state() in RESIDENT_FORMS:
        await state.clear()
