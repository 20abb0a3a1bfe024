from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["statusreports"], auth=API_AUTH)
