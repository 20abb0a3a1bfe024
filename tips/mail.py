"""E-mail to residents: the tipper's updates (routed, answered, done with the "inte åtgärdat" link,
rejected), the subscription confirmation, and the walk feedback to participants and subscribers
(each subscriber mail with its unsubscribe link). Plain text, sent after the transaction commits."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from samtrygg.dates import format_date


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(to: str, subject: str, template: str, context: dict) -> int:
    body = render_to_string(template, context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()


def _tip_context(tip) -> dict:
    return {"tip": tip, "municipality": tip.municipality.name}


def send_rejected(tip, address: str) -> int:
    return _send(
        address,
        _("Ditt tips till %(m)s kommun") % {"m": tip.municipality.name},
        "tips/email_rejected.txt",
        _tip_context(tip),
    )


def send_routed(tip, address: str) -> int:
    proposal = tip.proposal
    return _send(
        address,
        _("Ditt tips har skickats till %(o)s") % {"o": proposal.owner_organisation.name},
        "tips/email_routed.txt",
        _tip_context(tip) | {"proposal": proposal, "answer_by": format_date(proposal.answer_by)},
    )


def send_answered(tip, address: str, proposal) -> int:
    answer = proposal.answer
    return _send(
        address,
        _("Svar på ditt tips: %(s)s") % {"s": proposal.get_status_display()},
        "tips/email_answered.txt",
        _tip_context(tip)
        | {
            "proposal": proposal,
            "answer": answer,
            "planned": format_date(proposal.planned_date) if proposal.planned_date else "",
        },
    )


def send_done(tip, address: str, token: str) -> int:
    return _send(
        address,
        _("Ditt tips är åtgärdat"),
        "tips/email_done.txt",
        _tip_context(tip) | {"proposal": tip.proposal, "reopen": absolute(reverse("tips:reopen", args=[token]))},
    )


def send_confirm_subscription(subscription) -> int:
    return _send(
        subscription.email,
        _("Bekräfta din prenumeration på återkoppling från trygghetsvandringar"),
        "tips/email_confirm_subscription.txt",
        {
            "subscription": subscription,
            "what": subscription.walk.title if subscription.walk_id else subscription.municipality.name,
            "confirm": absolute(reverse("public_walks:confirm", args=[subscription.token])),
            "unsubscribe": absolute(reverse("public_walks:unsubscribe", args=[subscription.token])),
        },
    )


def send_feedback(*, walk, proposal=None) -> int:
    """The published report (proposal=None) or one proposal's new status, to the walk's participants
    and the confirmed subscribers; returns how many were sent."""
    from tips import subscriptions
    from walks import feedback

    url = absolute(reverse("public_walks:walk", kwargs={"code": walk.municipality.code, "walk_id": walk.pk}))
    if proposal is None:
        subject = _("Återkopplingen från trygghetsvandringen %(t)s är publicerad") % {"t": walk.title}
    else:
        subject = _("Nytt besked om ett förslag från trygghetsvandringen %(t)s") % {"t": walk.title}
    context = {"walk": walk, "proposal": proposal, "url": url}
    messages = []
    participants = feedback.participant_addresses(walk)
    for address in participants:
        body = render_to_string("tips/email_feedback.txt", context | {"unsubscribe": ""})
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    taken = {a.lower() for a in participants}
    for s in subscriptions.recipients(walk):
        if s.email in taken:
            continue
        unsubscribe = absolute(reverse("public_walks:unsubscribe", args=[s.token]))
        body = render_to_string("tips/email_feedback.txt", context | {"unsubscribe": unsubscribe})
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [s.email]))
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
