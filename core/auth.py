from axes.backends import AxesStandaloneBackend


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
