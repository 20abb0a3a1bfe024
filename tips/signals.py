"""A proposal's status change reaches the people waiting for it: the tippers behind it, and (when
its walk's feedback is published) the walk's participants and the residents who subscribe. Signals
rather than calls in walks.proposals, so every path that changes a status (an owner's link, an
account, the coordinator, the API) is covered by one hook."""

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from walks.models import Proposal


@receiver(pre_save, sender=Proposal)
def remember_status(sender, instance: Proposal, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._status_before = None
        return
    instance._status_before = Proposal.objects.filter(pk=instance.pk).values_list("status", flat=True).first()


@receiver(post_save, sender=Proposal)
def status_changed(sender, instance: Proposal, created=False, raw=False, **kwargs):
    if raw:
        return
    from tips import services
    from walks import feedback

    if created:
        services.follow_reroute(proposal=instance)
        return
    old = getattr(instance, "_status_before", None)
    if old is None or old == instance.status:
        return
    services.proposal_changed(proposal=instance, old=old, new=instance.status)
    if instance.walk_id:
        proposal_id, status = instance.pk, instance.status
        transaction.on_commit(lambda: feedback.notify_status(proposal_id=proposal_id, old=old, new=status))
