from django.conf import settings


def map_settings(request):
    return {"tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}
