from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["actionplans"], auth=API_AUTH)
