from django_tasks import task

from policedata import fetch


@task()
def fetch_police_events() -> str:
    """One run of the police feed fetcher in the worker (queued by fetch_police_events --enqueue)."""
    return fetch.run().status
