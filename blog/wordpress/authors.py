"""WordPress authors as accounts: one inactive account each, or the one author chosen."""

from django.contrib.auth import get_user_model


class Authors:
    def __init__(self, *, site, author, summary):
        self.site = site
        self.author = author
        self.summary = summary
        self.users = {}  # WordPress login → user

    def user(self, login):
        if self.author:
            return self.author
        if not login:
            return None
        if login not in self.users:
            self.users[login] = self._find_or_create(login[:150])
        return self.users[login]

    def _find_or_create(self, username):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            person = self.site.authors.get(username)
            user = user_model(
                username=username,
                email=person.email if person else "",
                first_name=person.first_name if person else "",
                last_name=person.last_name if person else "",
                is_active=False,
            )
            # Nobody logs in as an imported author until someone sets a password.
            user.set_unusable_password()
            user.save()
            self.summary.extras["users"] += 1
        return user
