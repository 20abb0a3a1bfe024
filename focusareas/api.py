from ninja import Router

from accounts.api import API_AUTH

router = Router(tags=["focusareas"], auth=API_AUTH)
