"""URL configuration of the action plan tracker."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "CSE action plan tracker"
admin.site.site_title = "CSE action plan tracker"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
]
