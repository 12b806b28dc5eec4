"""gunicorn settings for the site, local and production alike.

The bind address comes from the command line (``make run`` passes 127.0.0.1:PORT).
"""

import multiprocessing
import os

wsgi_app = "clinic_site.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Recycle workers now and then so a slow leak never grows; jitter keeps them from
# restarting all at once.
max_requests = 1000
max_requests_jitter = 100
timeout = 30
graceful_timeout = 20
# gunicorn's control socket would be created under the home directory; not needed.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# Method, path, status, size and time: no client address, no query string, no body.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# What gunicorn takes from those addresses: the scheme nginx sets, nothing more. By
# default it would also take SCRIPT_NAME and PATH_INFO from request headers, letting any
# process on the proxy's address change the path the site sees.
forwarder_headers = ""
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}


def post_worker_init(worker):
    """Each worker writes its analytics counts from its own thread (started once)."""
    from analytics import counter

    counter.start_flushing()


def worker_exit(server, worker):
    """Write this worker's buffered analytics counts before it goes."""
    from analytics import counter

    counter.stop_flushing()
