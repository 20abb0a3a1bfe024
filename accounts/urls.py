from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.login_view, name="login"),
    path("logga-in/tvafaktor/", views.second_factor, name="second_factor"),
    path("logga-ut/", views.logout_view, name="logout"),
    path("losenord/", views.password_change, name="password"),
    path("tvafaktor/", views.totp_settings, name="totp"),
]
