"""Every command the README and the documents it links to show in a code block, and the
test that runs it.

A command added to one of them fails ``tests/test_readme.py`` until it is listed here with
the test (a pytest node id) that runs it on a fresh clone, or ``.ci/run`` when CI runs it
itself. Commands for a production server (root, systemd, the server's own paths) cannot
run here; each names the test that runs the same step against this machine's stand-in
(the rendered units checked by systemd, the rendered site started by nginx, the backup
command on a live site...).
"""

CI = ".ci/run"
LIVE = "tests/live/"
DEPLOY = "tests/test_deploy.py::"
FRONT_DOOR = "tests/live/test_front_door.py::"
SYSTEMD = DEPLOY + "test_systemd_accepts_every_unit_and_timer"
RENDER = DEPLOY + "test_command_line_renders_every_file_for_a_server"
SERVER_MANAGE = FRONT_DOOR + "test_health_check_answers_through_the_proxy"
SHELL_SIGN_IN = "tests/test_staff_access.py::test_the_first_superuser_enrols_and_is_reset_from_the_shell"
SQLITE_RESTORE = "tests/live/test_backups.py::test_a_sqlite_backup_copied_over_the_database_is_the_site_again"

RUN_HERE = {
    # README.md
    "make run": LIVE + "test_make_targets.py::test_make_run_serves_the_site_from_a_fresh_checkout",
    "make test": CI,
    # docs/staff-sign-in.md
    "python manage.py createsuperuser": SHELL_SIGN_IN,
    "python manage.py enrol_second_factor USERNAME": SHELL_SIGN_IN,
    "python manage.py reset_second_factor USERNAME": SHELL_SIGN_IN,
    # docs/public-pages.md
    '.venv/bin/python manage.py record_medical_review /services/nsaids/ --reviewer "Haddis Hagos, MD"': (
        "tests/test_medical_review.py::test_a_review_is_dated_today_at_the_clinic_unless_told_otherwise"
    ),
    ".venv/bin/python manage.py record_medical_review --list": (
        "tests/test_medical_review.py::test_the_list_says_which_pages_were_never_reviewed"
    ),
    # deploy/README.md
    'pg_dump --format=custom --file=clinic-$(date +%F).dump "$DATABASE_URL"': (
        "tests/live/test_backups.py::test_the_readmes_postgresql_backup_restores_what_was_there"
    ),
    'pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" clinic-2026-11-25.dump': (
        "tests/live/test_backups.py::test_the_readmes_postgresql_backup_restores_what_was_there"
    ),
}

# deploy/README.md, all of them.
ON_A_SERVER = {
    "sudo apt-get update": CI,  # make system-packages does the same for nginx
    "sudo apt-get install -y nginx certbot python3-venv git sqlite3 gettext": CI,
    "sudo adduser --system --group --home /srv/clinic --no-create-home clinic": SYSTEMD,
    "sudo git clone https://git.example.com/clinic-site.git /srv/clinic": CI,
    "sudo python3 -m venv /srv/clinic/.venv": CI,
    "sudo /srv/clinic/.venv/bin/pip install -r /srv/clinic/requirements.txt": CI,
    "sudo install -d -o clinic -g clinic /srv/clinic/staticfiles": SYSTEMD,
    "sudo install -d -m 0750 -g clinic /etc/clinic": DEPLOY
    + "test_environment_template_names_the_same_settings_as_env_example",
    "sudo install -m 0640 -g clinic /srv/clinic/deploy/clinic.env /etc/clinic/clinic.env": (
        DEPLOY + "test_environment_template_names_the_same_settings_as_env_example"
    ),
    "sudo editor /etc/clinic/clinic.env": DEPLOY
    + "test_environment_template_names_the_same_settings_as_env_example",
    "manage() { sudo systemd-run --quiet --pty --wait --collect --uid=clinic --gid=clinic "
    "--property=EnvironmentFile=/etc/clinic/clinic.env --property=StateDirectory=clinic "
    '--working-directory=/srv/clinic /srv/clinic/.venv/bin/python manage.py "$@"; }': SERVER_MANAGE,
    "manage migrate": SERVER_MANAGE,
    "manage collectstatic --noinput": SERVER_MANAGE,
    "manage compilemessages --ignore .venv": SERVER_MANAGE,
    "manage createsuperuser": SERVER_MANAGE,
    "manage enrol_second_factor USERNAME": SHELL_SIGN_IN,
    'python3 /srv/clinic/deploy/render.py --out /tmp/clinic-deploy SERVER_NAME="www.example.com example.com"': RENDER,
    "sudo cp /tmp/clinic-deploy/systemd/* /etc/systemd/system/": SYSTEMD,
    "sudo systemctl daemon-reload": SYSTEMD,
    "sudo systemctl enable --now clinic-web.service": SYSTEMD,
    'curl -s -H "Host: www.example.com" -H "X-Forwarded-Proto: https" http://127.0.0.1:8001/healthz': SERVER_MANAGE,
    "sudo certbot certonly --webroot -w /var/www/html -d www.example.com -d example.com "
    '--deploy-hook "systemctl reload nginx"': FRONT_DOOR
    + "test_lets_encrypt_challenge_is_answered_over_plain_http",
    "sudo cp /tmp/clinic-deploy/nginx/clinic.conf /etc/nginx/sites-available/clinic": SERVER_MANAGE,
    "sudo ln -s /etc/nginx/sites-available/clinic /etc/nginx/sites-enabled/clinic": SERVER_MANAGE,
    "sudo rm /etc/nginx/sites-enabled/default": SERVER_MANAGE,
    "sudo nginx -t && sudo systemctl reload nginx": SERVER_MANAGE,
    "sudo systemctl enable --now clinic-notify.timer clinic-purge.timer "
    "clinic-purge-analytics.timer clinic-clear-sessions.timer clinic-backup.timer clinic-digest.timer": DEPLOY
    + "test_every_timer_starts_a_shipped_unit",
    "systemctl list-timers 'clinic-*'": DEPLOY + "test_each_scheduled_command_has_a_timer",
    "sudo systemctl start clinic-backup.service && ls -l /var/lib/clinic/backups": (
        LIVE + "test_gunicorn.py::test_backup_taken_during_submissions_holds_every_earlier_request"
    ),
    "30 2 * * *  cd /srv/clinic && .venv/bin/python manage.py backup_database "
    "/var/backups/clinic/db-$(date +\\%a).sqlite3": (
        LIVE + "test_gunicorn.py::test_backup_taken_during_submissions_holds_every_earlier_request"
    ),
    "sudo systemctl stop clinic-web": SQLITE_RESTORE,
    "sudo install -o clinic -g clinic -m 0640 /var/lib/clinic/backups/db-Mon.sqlite3 /var/lib/clinic/db.sqlite3": (
        SQLITE_RESTORE
    ),
    "sudo rm -f /var/lib/clinic/db.sqlite3-wal /var/lib/clinic/db.sqlite3-shm": (SQLITE_RESTORE),
    "sudo systemctl start clinic-web": SQLITE_RESTORE,
}
