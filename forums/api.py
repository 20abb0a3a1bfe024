from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["forums"], auth=API_AUTH)
