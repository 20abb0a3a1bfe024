from django.urls import include, path

from samtrygg import views
from samtrygg.api import api

municipality_patterns = [
    path("", include("incidents.urls")),
    path("", include("areas.urls")),
    path("", include("audit.urls")),
    path("", include("tenancy.urls")),
    path("", include("policedata.urls")),
    path("", include("lagesbild.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("konto/", include("accounts.urls")),
    path("k/<str:code>/", include(municipality_patterns)),
    path("api/v1/", api.urls),
]
