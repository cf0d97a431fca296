import datetime

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

# How long the login records (address, browser, time) are kept: the Datenschutz page says so.
LOGIN_RECORDS_KEPT = datetime.timedelta(days=30)


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come in through a request.

    Every login form (the admin's) passes the request; a call without one comes from code we
    run ourselves (the test client's `login()`, the shell), which nobody can use to guess a
    password, so it goes straight on to the ModelBackend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_records_forget_old(*, now=None):
    """Deletes django-axes' records of logins older than 30 days; returns how many.

    Axes keeps every login's address and browser for ever; a lockout lasts an hour, so a
    month of them is plenty to see an attack afterwards.
    """
    cutoff = (now or timezone.now()) - LOGIN_RECORDS_KEPT
    return sum(
        model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    )
