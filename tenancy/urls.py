from django.urls import path

from tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("anvandare/", views.member_list, name="members"),
    path("anvandare/<int:membership_id>/", views.member_change, name="member_change"),
    path("organisationer/", views.organisation_list, name="organisations"),
]
