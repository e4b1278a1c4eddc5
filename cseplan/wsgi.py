"""WSGI entry point, as `cseplan.wsgi:application` for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cseplan.settings")

application = get_wsgi_application()
