from django.dispatch import receiver

from areas.services import areas_changed


@receiver(areas_changed)
def queue_area_reassignment(sender, municipality_id: int, **kwargs):
    from incidents.tasks import reassign_areas

    reassign_areas.enqueue(municipality_id)
