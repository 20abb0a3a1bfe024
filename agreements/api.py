from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["agreements"], auth=API_AUTH)
