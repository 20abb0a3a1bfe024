from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["lagesbild"], auth=API_AUTH)
