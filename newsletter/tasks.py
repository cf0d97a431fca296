"""The newsletter's background work (django-tasks; run by `manage.py db_worker`).

Thin: each task calls the delivery engine and queues its own next run. django-tasks-db
does not retry on its own, so a task that must go on later queues itself with `run_after`.
Services queue these tasks inside their transaction: with the database task backend the
task row commits together with what asked for it. The daily cleanup of unconfirmed
signups is a daily job (core.daily, registered in apps.py), not a task of its own.
"""

from django_tasks import task

from newsletter import outbox, welcome


@task()
def send_confirmation_mail(subscriber_id, attempt=0):
    """Sends the pending confirmation mail of one address, at most once per request.

    The engine claims the request in one UPDATE, so two queued tasks for one request (a
    visitor asking again during an outage) cannot both send. When the mail server is
    unreachable the request is put back and this task queues itself again later.
    """
    outcome, retry_at = outbox.confirmation_mail_send(subscriber_id=subscriber_id, attempt=attempt)
    if retry_at is not None:
        send_confirmation_mail.using(run_after=retry_at).enqueue(subscriber_id, attempt + 1)
    return outcome


@task()
def send_edition_batch(edition_id, failures=0):
    """Mails one batch of an edition, then queues the next: the chain is the throttle.

    A batch that cannot reach the mail server queues the next one with the same backoff
    as confirmation mails, so an edition waits out an outage and then goes on.
    """
    result = outbox.edition_send_batch(edition_id=edition_id, failures=failures)
    if result.next_run_at is not None:
        send_edition_batch.using(run_after=result.next_run_at).enqueue(edition_id, result.failures)
    return str(result)


@task()
def send_welcome_mail(subscriber_id, attempt=0):
    """Sends the welcome mail after a confirmation (if one is switched on), once per round."""
    outcome, retry_at = welcome.welcome_mail_send(subscriber_id=subscriber_id, attempt=attempt)
    if retry_at is not None:
        send_welcome_mail.using(run_after=retry_at).enqueue(subscriber_id, attempt + 1)
    return outcome
