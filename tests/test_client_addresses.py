"""Which address a request comes from: a forwarded header is believed only from the proxy."""

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from appointments.models import AppointmentRequest
from practice.addresses import client_ip
from tests.helpers import submit

PROXY = "127.0.0.1"
OUTSIDER = "203.0.113.9"
COLLEAGUE = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    return settings


def address_of(remote_addr, **headers):
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


def test_the_header_is_believed_only_on_a_connection_from_the_proxy(behind_proxy):
    assert address_of(PROXY, HTTP_X_REAL_IP=COLLEAGUE) == COLLEAGUE
    assert address_of("::1", HTTP_X_REAL_IP=COLLEAGUE) == COLLEAGUE
    assert address_of(OUTSIDER, HTTP_X_REAL_IP=COLLEAGUE) == OUTSIDER


def test_a_missing_or_garbled_header_falls_back_to_the_connection(behind_proxy):
    assert address_of(PROXY) == PROXY
    assert address_of(PROXY, HTTP_X_REAL_IP="not an address") == PROXY


def test_only_the_last_hop_of_a_forwarded_list_counts(settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    assert address_of(PROXY, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {COLLEAGUE}") == COLLEAGUE


def test_proxies_can_be_named_as_networks(behind_proxy):
    behind_proxy.TRUSTED_PROXY_IPS = ["10.0.0.0/8"]
    assert address_of("10.1.2.3", HTTP_X_REAL_IP=COLLEAGUE) == COLLEAGUE
    assert address_of(PROXY, HTTP_X_REAL_IP=COLLEAGUE) == PROXY


def test_without_a_configured_header_the_connection_is_all_there_is(settings):
    settings.CLIENT_IP_META_KEY = "REMOTE_ADDR"
    assert address_of(PROXY, HTTP_X_REAL_IP=COLLEAGUE) == PROXY


@pytest.mark.django_db
def test_forged_headers_from_outside_do_not_escape_the_rate_limit(behind_proxy):
    behind_proxy.APPOINTMENT_RATE_LIMIT = "3/h"
    outsider = Client(REMOTE_ADDR=OUTSIDER)
    statuses = [submit(outsider, headers={"HTTP_X_REAL_IP": f"192.0.2.{n}"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert AppointmentRequest.objects.count() == 3


@pytest.mark.django_db
def test_through_the_proxy_each_client_has_its_own_count(behind_proxy):
    behind_proxy.APPOINTMENT_RATE_LIMIT = "1/h"
    proxy = Client(REMOTE_ADDR=PROXY)
    assert [submit(proxy, headers={"HTTP_X_REAL_IP": f"192.0.2.{n}"}).status_code for n in range(4)] == [
        302
    ] * 4
    assert submit(proxy, headers={"HTTP_X_REAL_IP": "192.0.2.1"}).status_code == 429


def sign_in_attempt(client, password, **headers):
    return client.post(
        "/admin/login/?next=/admin/", {"username": "desk", "password": password}, **headers
    ).status_code


@pytest.fixture
def staff_member(db):
    return User.objects.create_user("desk", password="correct horse battery", is_staff=True)


def test_forged_headers_from_outside_do_not_escape_the_lock_out(behind_proxy, staff_member):
    outsider = Client(REMOTE_ADDR=OUTSIDER)
    for n in range(8):
        sign_in_attempt(outsider, "wrong", HTTP_X_REAL_IP=f"192.0.2.{n}")
    assert sign_in_attempt(outsider, "correct horse battery", HTTP_X_REAL_IP="192.0.2.99") == 429


def test_a_forged_header_cannot_lock_a_colleague_out(behind_proxy, staff_member):
    outsider = Client(REMOTE_ADDR=OUTSIDER)
    for _ in range(8):
        sign_in_attempt(outsider, "wrong", HTTP_X_REAL_IP=COLLEAGUE)
    colleague_via_proxy = Client(REMOTE_ADDR=PROXY)
    assert sign_in_attempt(colleague_via_proxy, "correct horse battery", HTTP_X_REAL_IP=COLLEAGUE) == 302


def test_through_the_proxy_the_lock_falls_on_the_forwarded_address(behind_proxy, staff_member):
    proxy = Client(REMOTE_ADDR=PROXY)
    for _ in range(6):
        sign_in_attempt(proxy, "wrong", HTTP_X_REAL_IP=OUTSIDER)
    assert sign_in_attempt(proxy, "correct horse battery", HTTP_X_REAL_IP=OUTSIDER) == 429
    assert (
        sign_in_attempt(Client(REMOTE_ADDR=PROXY), "correct horse battery", HTTP_X_REAL_IP=COLLEAGUE) == 302
    )
