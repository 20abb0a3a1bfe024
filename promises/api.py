from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["promises"], auth=API_AUTH)
