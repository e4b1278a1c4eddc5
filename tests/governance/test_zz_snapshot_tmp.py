import os, re, datetime
import pytest
from governance.models import Group, Meeting, Membership, Organisation, Person
from tests.conftest import make_group, make_person, make_action, make_theme, make_plan

OUT = os.environ.get("SNAPDIR", "/tmp/golden/before")

def _norm(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'CSRF', html)
    html = re.sub(r'nonce="[^"]+"', 'NONCE', html)
    return html

@pytest.mark.django_db
def test_snap(client, administrator, reviewer):
    os.makedirs(OUT, exist_ok=True)
    org = Organisation.objects.create(name="Nottingham City Council", kind="local_authority", website="https://x.org")
    top = make_group(short_name="LSCB", name="Board", kind="board")
    g = make_group(short_name="CSECAG", name="CSE <b>Cross</b> Group", kind="group")
    g.reports_to.add(top)
    p = make_person(name="Joanna Williams")
    p.organisation = org; p.job_title = "Head"; p.save()
    other = make_person(name="Terri Johnson")
    Membership.objects.create(group=g, person=p, role="chair")
    m = Meeting.objects.create(group=g, date=datetime.date(2013, 2, 25), title="Q", location="Loxley")
    m.attendees.add(p, other)
    theme = make_theme(make_plan(title="Plan A"))
    a1 = make_action(theme, lead_person=p, description="Led in person")
    a2 = make_action(theme, lead_group=g, description="Led by the group")
    a3 = make_action(theme, description="Co-led")
    a3.co_leads.add(p)
    a4 = make_action(theme, lead_person=p, lead_group=g, description="Both")
    sub = make_action(theme, parent=a2, lead_group=g, description="Sub of group")
    client.force_login(administrator)
    pages = {
        "group_add": ("/governance/groups/add/", {"name": "", "short_name": "X", "kind": ""}),
        "group_edit": (f"/governance/groups/{g.pk}/edit/", {"name": "", "short_name": "LSCB", "kind": "group", "reports_to": [str(g.pk)]}),
        "person_add": ("/governance/people/add/", {"name": "", "email": "nope"}),
        "person_edit": (f"/governance/people/{p.pk}/edit/", {"name": "", "email": "x" * 300 + "@example.com"}),
        "org_add": ("/governance/organisations/add/", {"name": "", "website": "bad url"}),
        "org_edit": (f"/governance/organisations/{org.pk}/edit/", {"name": "Nottingham City Council", "kind": "police", "website": "x"*300}),
        "member_add": (f"/governance/groups/{g.pk}/members/add/", {}),
        "meeting_add": (f"/governance/groups/{g.pk}/meetings/add/", {"date_0": "31", "date_1": "2", "date_2": "2013"}),
        "meeting_edit": (f"/governance/meetings/{m.pk}/edit/", {"date_0": "", "date_1": "", "date_2": ""}),
    }
    for name, (url, data) in pages.items():
        with open(f"{OUT}/{name}_get.html", "w") as f:
            f.write(_norm(client.get(url).content.decode()))
        r = client.post(url, data)
        with open(f"{OUT}/{name}_post.html", "w") as f:
            f.write(str(r.status_code) + "\n" + _norm(r.content.decode()))
    for name, url in {"tree": "/governance/", "group": f"/governance/groups/{g.pk}/", "person": f"/governance/people/{p.pk}/", "people": "/governance/people/", "orgs": "/governance/organisations/", "org": f"/governance/organisations/{org.pk}/", "meetings": "/governance/meetings/", "meeting": f"/governance/meetings/{m.pk}/"}.items():
        with open(f"{OUT}/{name}.html", "w") as f:
            f.write(_norm(client.get(url).content.decode()))
    client.force_login(reviewer)
    for name, url in {"group_r": f"/governance/groups/{g.pk}/", "person_r": f"/governance/people/{p.pk}/", "people_r": "/governance/people/", "orgs_r": "/governance/organisations/"}.items():
        with open(f"{OUT}/{name}.html", "w") as f:
            f.write(_norm(client.get(url).content.decode()))
