"""The account pages, at /account/. Their names are not namespaced: Django's own views and
settings (LOGIN_URL, LOGOUT_REDIRECT_URL) and the templates in templates/registration/ use them as
they are."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts import views
from accounts.forms import LoginForm, PasswordChangeForm

# Django's own views and URL names (login, logout, password_change, password_change_done), with
# GOV.UK forms and the templates in templates/registration/.
urlpatterns = [
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
    path("", views.account, name="account"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.recovery_codes_new, name="recovery_codes_new"),
    path("two-factor/turn-off/", views.two_factor_off, name="two_factor_off"),
    # Asked by the page's time-out warning (static/src/app.js).
    path("session/", views.session_status, name="session_status"),
    path("session/extend/", views.session_extend, name="session_extend"),
]
