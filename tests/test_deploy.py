"""What deploy/ ships: the templates render, systemd accepts the units, the settings agree."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from deploy import render, stack

PROJECT_DIR = Path(__file__).resolve().parents[1]
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
needs_systemd_analyze = pytest.mark.skipif(
    SYSTEMD_ANALYZE is None,
    reason="systemd-analyze is not installed here (no systemd); the units are checked where it is",
)


@pytest.fixture
def units(tmp_path):
    """The units rendered for this checkout, so the commands they start exist."""
    return render.render(render.UNITS, tmp_path, {"APP_DIR": str(PROJECT_DIR)})


def env_names(path):
    return set(stack.read_env_file(path))


def test_environment_template_names_the_same_settings_as_env_example():
    assert env_names(render.DEPLOY_DIR / "clinic.env") == env_names(PROJECT_DIR / ".env.example")


def test_environment_template_reads_the_client_address_nginx_sets():
    shipped = stack.read_env_file()
    assert shipped["CLIENT_IP_META_KEY"] == "HTTP_X_REAL_IP"
    assert set(shipped["TRUSTED_PROXY_IPS"].split(",")) == {"127.0.0.1", "::1"}
    site = (render.DEPLOY_DIR / render.SITE).read_text()
    assert "proxy_set_header X-Real-IP $remote_addr;" in site


def test_nginx_body_limit_is_the_forms_own():
    site = (render.DEPLOY_DIR / render.SITE).read_text()
    limit = re.search(r"client_max_body_size (\d+)k;", site).group(1)
    assert int(limit) * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_gunicorn_listens_where_nginx_sends_requests(tmp_path):
    site, web = render.render(
        [render.SITE, "systemd/clinic-web.service"], tmp_path, {"SERVER_NAME": "a.example"}
    )
    upstream = re.search(r"upstream clinic_gunicorn \{\s*server (\S+);", site.read_text()).group(1)
    assert f"--bind {upstream}" in web.read_text()


def test_production_render_uses_lets_encrypts_paths_for_the_first_name(tmp_path):
    (site,) = render.render([render.SITE], tmp_path, {"SERVER_NAME": "www.clinic.example clinic.example"})
    text = site.read_text()
    assert "ssl_certificate /etc/letsencrypt/live/www.clinic.example/fullchain.pem;" in text
    assert "ssl_certificate_key /etc/letsencrypt/live/www.clinic.example/privkey.pem;" in text
    assert "return 301 https://$server_name$request_uri;" in text
    assert not render.PLACEHOLDER.search(text)


def test_render_refuses_a_missing_value(tmp_path):
    with pytest.raises(render.RenderError, match="SERVER_NAME"):
        render.render([render.SITE], tmp_path, {})


def test_render_refuses_a_value_no_template_uses(tmp_path):
    with pytest.raises(render.RenderError, match="SERVER_NAMES"):
        render.render([render.SITE], tmp_path, {"SERVER_NAME": "a.example", "SERVER_NAMES": "typo"})


def test_command_line_renders_every_file_for_a_server(tmp_path):
    result = subprocess.run(
        [
            "python3",
            str(render.DEPLOY_DIR / "render.py"),
            "--out",
            str(tmp_path),
            "SERVER_NAME=clinic.example",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    written = {Path(line).relative_to(tmp_path).as_posix() for line in result.stdout.split()}
    assert written == {render.SITE, *render.UNITS}
    assert "ExecStart=/srv/clinic/.venv/bin/gunicorn" in (tmp_path / "systemd/clinic-web.service").read_text()


def timer_targets(units):
    targets = {}
    for unit in units:
        if unit.suffix == ".timer":
            targets[unit.name] = re.search(r"^Unit=(\S+)$", unit.read_text(), re.M).group(1)
    return targets


def test_each_scheduled_command_has_a_timer(units):
    jobs = {
        target.removeprefix("clinic-job@").removesuffix(".service")
        for target in timer_targets(units).values()
        if target.startswith("clinic-job@")
    }
    assert jobs == {
        "send_pending_notifications",
        "purge_appointment_requests",
        "purge_analytics_counts",
        "send_staff_digest",
        "clearsessions",
    }
    assert "clinic-backup.service" in timer_targets(units).values()


def test_every_timer_starts_a_shipped_unit(units):
    names = {unit.name for unit in units}
    for timer, target in timer_targets(units).items():
        template = re.sub(r"@.+\.service$", "@.service", target)
        assert template in names, f"{timer} starts {target}, which deploy/ does not ship"


@needs_systemd_analyze
def test_systemd_accepts_every_unit_and_timer(units):
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", *map(str, units)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # Unknown keys and bad values are only warnings to systemd: they must not be there either.
    assert result.stderr == ""


@needs_systemd_analyze
def test_services_are_hardened(units):
    services = [str(unit) for unit in units if unit.name.endswith(".service")]
    # systemd rates each service's exposure from 0 (locked down) to 10; ours are 1.5.
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "security", "--offline=yes", "--threshold=20", *services],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize(
    "setting",
    ["User=clinic", "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectSystem=strict", "ProtectHome=yes"],
)
def test_every_service_runs_unprivileged_and_confined(units, setting):
    for unit in units:
        if unit.name.endswith(".service"):
            assert setting in unit.read_text().splitlines(), unit.name
