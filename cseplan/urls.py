"""URL configuration of the action plan tracker."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "CSE action plan tracker"
admin.site.site_title = "CSE action plan tracker"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Until the plan pages exist, the admin (which asks for a login) is the way in.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
