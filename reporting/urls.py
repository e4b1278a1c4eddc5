from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/<slug:slug>/dashboard/", views.dashboard, name="plan_dashboard"),
]
