from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("<slug:slug>/export.<str:file_format>", views.plan_export, name="plan_export"),
    path("<slug:slug>/actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("<slug:slug>/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("<slug:slug>/actions/<int:pk>/due-date/", views.due_date_edit, name="due_date_edit"),
    path(
        "<slug:slug>/actions/<int:pk>/reviews/<int:period_pk>/",
        views.update_edit,
        name="update_edit",
    ),
    path("<slug:slug>/reviews/<int:period_pk>/", views.review_edit, name="review_edit"),
    path("<slug:slug>/reviews/", views.period_list, name="period_list"),
    path("<slug:slug>/reviews/<int:period_pk>/close/", views.period_close, name="period_close"),
    path(
        "<slug:slug>/reviews/<int:period_pk>/reminders/",
        views.reminder_preview,
        name="reminder_preview",
    ),
    path("<slug:slug>/changes/", views.plan_changes, name="plan_changes"),
    path("<slug:slug>/changes.csv", views.plan_changes_csv, name="plan_changes_csv"),
    path("<slug:slug>/compare/", views.plan_compare, name="plan_compare"),
]
