from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from quotes.cache import forget_current_quote
from quotes.models import Quote


@receiver(post_save, sender=Quote, dispatch_uid="quotes-forget-on-save")
@receiver(post_delete, sender=Quote, dispatch_uid="quotes-forget-on-delete")
def forget_on_change(sender, **kwargs):
    forget_current_quote()
    # A page rendered between this delete and the commit still read the old row and may
    # have cached it again, so the key goes once more when the transaction is through.
    transaction.on_commit(forget_current_quote)
