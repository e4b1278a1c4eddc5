from django.urls import include, path

from actions import views

app_name = "actions"

# One action of a plan: /plans/<slug>/actions/<pk>/...
action_patterns = [
    path("", views.action_detail, name="action_detail"),
    path("edit/", views.action_edit, name="action_edit"),
    path("due-date/", views.due_date_edit, name="due_date_edit"),
    path("reviews/<int:period_pk>/", views.update_edit, name="update_edit"),
]

# One review period of a plan: /plans/<slug>/reviews/<period_pk>/...
review_patterns = [
    path("", views.review_edit, name="review_edit"),
    path("close/", views.period_close, name="period_close"),
    path("meeting/", views.period_meeting, name="period_meeting"),
    path("reminders/", views.reminder_preview, name="reminder_preview"),
]

# A plan: /plans/<slug>/...
plan_patterns = [
    path("", views.plan_detail, name="plan_detail"),
    path("export.<str:file_format>", views.plan_export, name="plan_export"),
    path("actions/<int:pk>/", include(action_patterns)),
    path("reviews/", views.period_list, name="period_list"),
    path("reviews/<int:period_pk>/", include(review_patterns)),
    path("changes/", views.plan_changes, name="plan_changes"),
    path("changes.csv", views.plan_changes_csv, name="plan_changes_csv"),
    path("compare/", views.plan_compare, name="plan_compare"),
]

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("<slug:slug>/", include(plan_patterns)),
]
