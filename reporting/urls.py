from django.urls import include, path

from reporting import views

app_name = "reporting"

# One committee report: /reports/<pk>/...
report_patterns = [
    path("", views.report_detail, name="report_detail"),
    path("report.pdf", views.report_pdf_download, name="report_pdf"),
    path("report.docx", views.report_docx_download, name="report_docx"),
    path("edit/", views.report_edit, name="report_edit"),
    path("implications/", views.report_implications, name="report_implications"),
    path("appendices/", views.report_appendices, name="report_appendices"),
    path("issue/", views.report_issue, name="report_issue"),
    path("draft/", views.report_draft_from, name="report_draft_from"),
]

# A plan's dashboard and reports: /plans/<slug>/...
plan_patterns = [
    path("dashboard/", views.dashboard, name="plan_dashboard"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/<slug:slug>/", include(plan_patterns)),
    path("reports/", views.report_index, name="report_index"),
    path("reports/<int:pk>/", include(report_patterns)),
]
