"""Fill in the deploy templates: the nginx site, its stand-alone wrapper and the systemd units.

Templates hold ``@NAME@`` placeholders. Rendering fails on a placeholder with no value and
on a value no template asks for, so a typo never reaches a server. Standard library only:
it runs with Debian's python3 before the project's virtual environment exists.

    python3 deploy/render.py --out /tmp/clinic-deploy SERVER_NAME="www.example.com example.com"
"""

import argparse
import re
import sys
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
PROJECT_DIR = DEPLOY_DIR.parent
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")

# What a server installs, by where it comes from in deploy/.
SITE = "nginx/clinic.conf"
STANDALONE = "nginx/standalone.conf"
UNITS = sorted(str(path.relative_to(DEPLOY_DIR)) for path in (DEPLOY_DIR / "systemd").iterdir())

# The layout of one server, as deploy/README.md describes it. SERVER_NAME (the site's host
# names, the canonical one first) has no default.
DEFAULTS = {
    "APP_DIR": "/srv/clinic",
    "APP_USER": "clinic",
    "GUNICORN_PORT": "8001",
    # A public web server listens on every address; the tests use loopback.
    "LISTEN_IPV4": "0.0.0.0",  # noqa: S104
    "LISTEN_IPV6": "[::]",
    "HTTP_PORT": "80",
    "HTTPS_PORT": "443",
    # certbot's webroot: Debian's default site serves it, so the first certificate can be
    # issued before this site is enabled, and renewals keep working after.
    "ACME_ROOT": "/var/www/html",
}


class RenderError(ValueError):
    pass


def values_for(overrides):
    """Defaults, then overrides, then the values derived from them."""
    values = {**DEFAULTS, **overrides}
    names = values.get("SERVER_NAME", "").split()
    if names:
        # Let's Encrypt's layout: /etc/letsencrypt/live/<first name>/.
        values.setdefault("TLS_CERTIFICATE", f"/etc/letsencrypt/live/{names[0]}/fullchain.pem")
        values.setdefault("TLS_CERTIFICATE_KEY", f"/etc/letsencrypt/live/{names[0]}/privkey.pem")
    values["HTTPS_PORT_SUFFIX"] = "" if values["HTTPS_PORT"] == "443" else f":{values['HTTPS_PORT']}"
    return values


def render_text(text, values, name="template"):
    missing = sorted({key for key in PLACEHOLDER.findall(text) if key not in values})
    if missing:
        raise RenderError(f"{name} needs a value for: {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def render(names, out_dir, overrides):
    """Render the templates ``names`` (paths inside deploy/) into ``out_dir``; returns the paths."""
    values = values_for(overrides)
    unused = set(overrides)
    written = []
    for name in names:
        text = (DEPLOY_DIR / name).read_text()
        unused -= set(PLACEHOLDER.findall(text))
        target = Path(out_dir) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_text(text, values, name))
        written.append(target)
    if unused:
        raise RenderError(f"No template uses: {', '.join(sorted(unused))}")
    return written


def parse_assignments(items):
    overrides = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not PLACEHOLDER.fullmatch(f"@{name}@"):
            raise RenderError(f"Expected NAME=VALUE, got {item!r}")
        overrides[name] = value
    return overrides


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--out", required=True, type=Path, help="directory to write the files into")
    parser.add_argument("assignments", nargs="*", metavar="NAME=VALUE", help="values for the placeholders")
    args = parser.parse_args(argv)
    try:
        written = render([SITE, *UNITS], args.out, parse_assignments(args.assignments))
    except RenderError as error:
        parser.exit(2, f"render.py: {error}\n")
    for path in written:
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
