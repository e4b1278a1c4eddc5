from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/<slug:slug>/dashboard/", views.dashboard, name="plan_dashboard"),
    path("plans/<slug:slug>/reports/", views.report_list, name="report_list"),
    path("plans/<slug:slug>/reports/new/", views.report_create, name="report_create"),
    path("reports/", views.report_index, name="report_index"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/report.pdf", views.report_pdf_download, name="report_pdf"),
    path("reports/<int:pk>/report.docx", views.report_docx_download, name="report_docx"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/implications/", views.report_implications, name="report_implications"),
    path("reports/<int:pk>/appendices/", views.report_appendices, name="report_appendices"),
    path("reports/<int:pk>/issue/", views.report_issue, name="report_issue"),
    path("reports/<int:pk>/draft/", views.report_draft_from, name="report_draft_from"),
]
