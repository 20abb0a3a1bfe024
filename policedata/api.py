from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["policedata"], auth=API_AUTH)
