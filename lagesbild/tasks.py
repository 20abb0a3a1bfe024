import datetime

from django_tasks import task

from lagesbild import weekly


@task()
def send_weekly(municipality_id: int, date_from: str, date_to: str) -> int:
    return weekly.send_for_municipality(
        municipality_id, datetime.date.fromisoformat(date_from), datetime.date.fromisoformat(date_to)
    )
