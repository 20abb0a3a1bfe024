from django.urls import path

from tips import views
from walks import followup

app_name = "tips_review"
urlpatterns = [
    path("tips/", views.review_list, name="list"),
    path("tips/<int:tip_id>/", views.review, name="detail"),
    path("tips/<int:tip_id>/hantera/", views.review_action, name="action"),
    path("tips/<int:tip_id>/foto/", views.photo, name="photo"),
    path("trygghetsvandringar/<int:walk_id>/aterkoppling/", followup.feedback_admin, name="feedback"),
    path("trygghetsvandringar/<int:walk_id>/uppfoljande-vandring/", followup.create_followup_view, name="followup"),
]
