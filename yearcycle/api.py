from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["yearcycle"], auth=API_AUTH)
