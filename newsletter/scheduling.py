"""Scheduled editions: the author picks a time, the worker starts the send then, nobody present.

Above `services` in the import order: the task that starts an edition at its time sends it
through `services.edition_send`, exactly as the admin's send button does. Moving or
cancelling never has to find and remove a queued task: a start does nothing unless, when it
runs, the edition is still scheduled and its time has come (checked under the row lock, so
a move at the last moment wins or loses cleanly). The daily jobs (core.daily) start any
edition whose time passed without its task, e.g. after the task queue was lost.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django_tasks import task

from newsletter import services
from newsletter.models import Edition, Subscriber
from newsletter.rendering import appendix

logger = logging.getLogger(__name__)

MAX_AHEAD = timedelta(days=365)


def local_time(moment):
    """'1. Dezember 2026, 07:30 Uhr' in the author's (Berlin) time."""
    return formats.date_format(timezone.localtime(moment), "j. F Y, H:i") + " Uhr"


def edition_schedule(*, edition, when):
    """Schedules a draft, or moves a scheduled edition, to `when`; German EditionError else."""
    now = timezone.now()
    if when <= now:
        raise services.EditionError(
            f"Der {local_time(when)} ist schon vorbei. Bitte wählen Sie einen Zeitpunkt in "
            "der Zukunft – oder senden Sie die Ausgabe jetzt."
        )
    if when > now + MAX_AHEAD:
        raise services.EditionError(
            "Bitte planen Sie höchstens ein Jahr im Voraus (Tippfehler in der Jahreszahl?)."
        )
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if not edition.not_started:
            raise services.EditionError("Der Versand dieser Ausgabe hat schon begonnen.")
        if not Subscriber.objects.confirmed().exists():
            raise services.EditionError(
                "Es gibt noch keine bestätigten Abonnentinnen und Abonnenten: Die Ausgabe "
                "ginge an niemanden. Planen Sie sie, sobald sich jemand angemeldet hat."
            )
        articles, quote = appendix(edition)
        services.edition_refuse_empty(edition, articles=articles, quote=quote)
        edition.status = Edition.Status.SCHEDULED
        edition.scheduled_for = when
        edition.save(update_fields=["status", "scheduled_for", "updated_at"])
        # With the database task backend the start commits together with the schedule.
        start_scheduled_edition.using(run_after=when).enqueue(edition.pk)
    return edition


@transaction.atomic
def edition_unschedule(*, edition):
    """Takes a scheduled edition back to a draft; its queued start will find nothing to do."""
    updated = Edition.objects.filter(pk=edition.pk, status=Edition.Status.SCHEDULED).update(
        status=Edition.Status.DRAFT, scheduled_for=None, updated_at=timezone.now()
    )
    if not updated:
        raise services.EditionError(
            "Diese Ausgabe ist nicht (mehr) geplant – vielleicht hat der Versand eben begonnen."
        )


def start_due_editions(*, edition_id=None):
    """Starts the scheduled editions whose time has come; returns how many started."""
    due = Edition.objects.filter(status=Edition.Status.SCHEDULED, scheduled_for__lte=timezone.now())
    if edition_id is not None:
        due = due.filter(pk=edition_id)
    return sum(_start_if_due(pk) for pk in due.values_list("pk", flat=True))


def _start_if_due(pk):
    with transaction.atomic():
        # Checked again under the lock: the author may have moved or cancelled it just now.
        edition = (
            Edition.objects.select_for_update()
            .filter(pk=pk, status=Edition.Status.SCHEDULED, scheduled_for__lte=timezone.now())
            .first()
        )
        if edition is None:
            return 0
        try:
            services.edition_send(edition=edition)
        except services.EditionError as error:
            # Emptied after it was scheduled: it goes back to the author as a draft.
            logger.error("Geplante Ausgabe #%s nicht gestartet: %s", pk, error)
            Edition.objects.filter(pk=pk).update(status=Edition.Status.DRAFT, scheduled_for=None)
            return 0
    return 1


@task()
def start_scheduled_edition(edition_id):
    """Queued for the edition's time; moved or cancelled editions make it a no-op."""
    return f"{start_due_editions(edition_id=edition_id)} gestartet"
