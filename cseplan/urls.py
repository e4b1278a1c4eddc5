"""URL configuration of the action plan tracker."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from cseplan import views as cseplan_views
from cseplan.context_processors import SERVICE_NAME
from operations import views as operations_views

admin.site.site_header = SERVICE_NAME
admin.site.site_title = SERVICE_NAME
admin.site.index_title = "Administration"

# The admin's own password pages would render our registration/ templates around its form and
# without a submit button: send its "Change password" link to the service's page instead.
admin_password_patterns = [
    path("password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("password_change/done/", RedirectView.as_view(pattern_name="password_change_done")),
]

urlpatterns = [
    path("healthz", operations_views.healthz, name="healthz"),
    path("account/", include("accounts.urls")),
    path("admin/", include(admin_password_patterns)),
    path("admin/", admin.site.urls),
    path("plans/", include("actions.urls")),
    path("governance/", include("governance.urls")),
    path("", include("reporting.urls")),
]

handler403 = cseplan_views.permission_denied
handler500 = cseplan_views.server_error
