"""Several people pressing "take the next request" at the same moment, each in a process of
its own on one database, as on several gunicorn workers: on SQLite and on PostgreSQL, the
database hands each a different request."""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.postgres import postgres_cluster
from tools.servers import manage, production_env, run_python

pytestmark = pytest.mark.live

PEOPLE = 4
ROUNDS = 3

PREPARE = f"""
import django
django.setup()
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from tests.helpers import make_request
desk = Group.objects.get(name="Front desk")
for n in range({PEOPLE}):
    User.objects.create_user(f"desk{{n}}", is_staff=True).groups.add(desk)
now = timezone.now()
for n in range({PEOPLE * ROUNDS}):
    make_request(received_at=now - timedelta(days=3, minutes=n))
"""

# Each person waits for the same moment, then takes the next request a few times, as
# after each call; what they got is printed as JSON.
TAKE = """
import json, sys, time
import django
django.setup()
from django.contrib.auth.models import User
from appointments.models import AppointmentRequest
person = User.objects.get(username=sys.argv[1])
start = float(sys.argv[2])
time.sleep(max(0, start - time.time()))
taken = []
for _ in range(int(sys.argv[3])):
    following = AppointmentRequest.objects.take_next_request(by=person)
    taken.append(following.pk if following else None)
    # The patient did not answer: the next try falls due a business day later.
    following.record_call("no_answer", by=person)
print(json.dumps(taken))
"""


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
    else:
        with postgres_cluster() as url:
            yield url


def test_people_pressing_take_next_at_the_same_moment_each_get_a_different_request(database_url):
    env = production_env(database_url)
    manage(env, "migrate", "--noinput")
    run_python("-c", PREPARE, env=env, check=True)
    # Time for every process to start Django before the moment they all press at.
    start = time.time() + 4

    def person(n):
        done = run_python("-c", TAKE, f"desk{n}", str(start), str(ROUNDS), env=env, check=True)
        return json.loads(done.stdout)

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        taken = [pk for got in pool.map(person, range(PEOPLE)) for pk in got]
    assert None not in taken
    assert len(set(taken)) == len(taken) == PEOPLE * ROUNDS
