"""Every write of the HMS follow-up. Views validate input; these functions own the transaction.

Each `do_*` function runs in `transaction.atomic(durable=True)` and raises
`HmsError` with a bokmål message the user can act on. The demo loader uses the
same functions (with `now=` for back-dated records).
"""

from hjemmekontor.hms.actions.agreements import (
    AgreementTerms,
    do_create_agreement,
    do_end_agreement,
    do_set_scope,
)
from hjemmekontor.hms.actions.assessments import (
    HazardChange,
    do_save_assessment,
    do_sign_assessment,
    do_start_assessment,
)
from hjemmekontor.hms.actions.checklists import (
    do_handle_request,
    do_save_checklist,
    do_send_request,
)
from hjemmekontor.hms.actions.plans import (
    do_comment_action,
    do_create_action,
    do_evaluate_action,
    do_update_action,
)
from hjemmekontor.hms.actions.reminders import do_send_hms_reminders
from hjemmekontor.hms.errors import HmsError

__all__ = [
    "AgreementTerms",
    "HazardChange",
    "HmsError",
    "do_comment_action",
    "do_create_action",
    "do_create_agreement",
    "do_end_agreement",
    "do_evaluate_action",
    "do_handle_request",
    "do_save_assessment",
    "do_save_checklist",
    "do_send_hms_reminders",
    "do_send_request",
    "do_set_scope",
    "do_sign_assessment",
    "do_start_assessment",
    "do_update_action",
]
