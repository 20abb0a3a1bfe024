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
    path("", include("focusareas.urls")),
    path("", include("agreements.urls")),
    path("", include("promises.urls")),
    path("", include("forums.urls")),
    path("", include("statusreports.urls")),
    path("", include("yearcycle.urls")),
    path("", include("actionplans.urls")),
    path("", include("reports.urls")),
    path("", include("walks.urls")),
    path("", include("tips.review_urls")),
    path("", include("majorevents.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("konto/", include("accounts.urls")),
    path("k/<str:code>/", include(municipality_patterns)),
    path("medborgarloften/", include("promises.public_urls")),
    path("personuppgifter/", include("privacy.urls")),
    path("atgardsforslag/", include("walks.owner_urls")),
    path("trygghetsvandringar/", include("walks.public_urls")),
    path("tips/", include("tips.urls")),
    path("api/v1/", api.urls),
]
