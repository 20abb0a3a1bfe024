from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["reports"], auth=API_AUTH)
