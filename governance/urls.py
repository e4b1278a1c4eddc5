from django.urls import include, path

from governance import views

app_name = "governance"

# A group, by its short name or id: /governance/groups/<key>/...
group_patterns = [
    path("", views.group_detail, name="group_detail"),
    path("edit/", views.group_form, name="group_edit"),
    path("members/add/", views.membership_add, name="membership_add"),
    path("members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("meetings/add/", views.meeting_add, name="meeting_add"),
]

urlpatterns = [
    path("", views.group_tree_view, name="group_tree"),
    path("groups/add/", views.group_form, name="group_add"),
    path("groups/<str:key>/", include(group_patterns)),
    path("people/", views.person_list, name="person_list"),
    path("people/add/", views.person_form, name="person_add"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_form, name="person_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/add/", views.organisation_form, name="organisation_add"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_form, name="organisation_edit"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
]
