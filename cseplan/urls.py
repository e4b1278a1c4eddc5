"""URL configuration of the action plan tracker."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from cseplan import views as cseplan_views
from cseplan.context_processors import SERVICE_NAME
from governance import views as governance_views
from governance.forms import LoginForm, PasswordChangeForm

admin.site.site_header = SERVICE_NAME
admin.site.site_title = SERVICE_NAME
admin.site.index_title = "Administration"

# Django's own views and URL names (login, logout, password_change, password_change_done), with
# GOV.UK forms and the templates in templates/registration/.
account_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(form_class=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    # Public, so that signing out after the session has already ended goes to the login page
    # instead of asking the user to sign in first.
    path("logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("", governance_views.account, name="account"),
    path("two-factor/", governance_views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", governance_views.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        governance_views.recovery_codes_new,
        name="recovery_codes_new",
    ),
    path("two-factor/turn-off/", governance_views.two_factor_off, name="two_factor_off"),
    # Asked by the page's time-out warning (static/src/app.js).
    path("session/", governance_views.session_status, name="session_status"),
    path("session/extend/", governance_views.session_extend, name="session_extend"),
]

# The admin's own password pages would render our registration/ templates around its form and
# without a submit button: send its "Change password" link to the service's page instead.
admin_password_patterns = [
    path("password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("password_change/done/", RedirectView.as_view(pattern_name="password_change_done")),
]

urlpatterns = [
    path("healthz", cseplan_views.healthz, name="healthz"),
    path("account/", include(account_patterns)),
    path("admin/", include(admin_password_patterns)),
    path("admin/", admin.site.urls),
    path("plans/", include("actions.urls")),
    path("governance/", include("governance.urls")),
    path("", include("reporting.urls")),
]

handler403 = cseplan_views.permission_denied
handler500 = cseplan_views.server_error
