"""Every login the demo load prints works on the login form it is meant for (issue #14)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# "Staff login: staf@… / desmigratif-demo", "Producer login: …", "Cooperative operator: …"
SHOP_LOGIN = re.compile(r"(\S+@\S+) / (\S+)")


def _shop_login(email: str, password: str) -> Client:
    client = Client()
    response = client.post(
        reverse("customer:login"),
        {"login-username": email, "login-password": password, "login_submit": "1"},
    )
    assert response.status_code == 302, f"{email}: {response.content.decode()[:300]}"
    return client


def test_every_printed_demo_login_logs_in_where_it_is_meant_to(capsys):
    call_command("load_demo_data")
    output = capsys.readouterr().out

    shop_logins = dict(SHOP_LOGIN.findall(output))
    staff_email = "staf@pasardesmigratif.id"
    producer_email = "dapur-bu-warsini@produsen.pasardesmigratif.id"
    operator_email = "operator.tanjungluar@pasardesmigratif.id"
    assert {staff_email, producer_email, operator_email} <= shop_logins.keys(), output

    staff = _shop_login(staff_email, shop_logins.pop(staff_email))
    assert staff.get(reverse("dashboard:index")).status_code == 200
    for email, password in shop_logins.items():
        client = _shop_login(email, password)
        assert client.get(reverse("sellers:portal")).status_code == 200, email

    # Every producer with an account, not only the one printed, has the demo password.
    producers = get_user_model().objects.filter(email__endswith="@produsen.pasardesmigratif.id")
    assert producers.count() >= 10
    password = shop_logins[producer_email]
    assert [user.email for user in producers if not user.check_password(password)] == []

    # "Editors: … (usernames editor, moderator)" and "… log in at /cms/ with password …"
    usernames = re.search(r"usernames (\w+), (\w+)", output).groups()
    cms_password = re.search(r"log in at /cms/ with password (\S+?)\)", output).group(1)
    for username in usernames:
        client = Client()
        response = client.post("/cms/login/", {"username": username, "password": cms_password})
        assert response.status_code == 302, f"{username}: {response.content.decode()[:300]}"
        assert client.get("/cms/").status_code == 200
