from django_tasks import task

from incidents import services


@task()
def reassign_areas(municipality_id: int) -> int:
    return services.reassign_areas(municipality_id)
