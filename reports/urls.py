from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("rapporter/", views.index, name="index"),
    path("rapporter/kvartal/<int:year>/<int:quarter>/", views.quarterly, name="quarterly"),
    path(
        "rapporter/kvartal/<int:year>/<int:quarter>/kvartalsrapport.pdf",
        views.quarterly_file,
        {"fmt": "pdf"},
        name="quarterly_pdf",
    ),
    path(
        "rapporter/kvartal/<int:year>/<int:quarter>/kvartalsrapport.docx",
        views.quarterly_file,
        {"fmt": "docx"},
        name="quarterly_docx",
    ),
    path("rapporter/ar/<int:year>/", views.yearly, name="yearly"),
    path("rapporter/ar/<int:year>/arsuppfoljning.pdf", views.yearly_file, {"fmt": "pdf"}, name="yearly_pdf"),
    path("rapporter/ar/<int:year>/arsuppfoljning.docx", views.yearly_file, {"fmt": "docx"}, name="yearly_docx"),
]
