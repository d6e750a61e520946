"""What the dossiers tell the apps built on them (the reviews), which
applications must not import."""

from django.dispatch import Signal

# Sent in the transaction of ``application_declare_inadmissible``, once the
# dossier is inadmissible, with ``application``, ``user`` and ``notify_now``
# (the letter is sent at once, or with the call's release). The reviews app
# records the decision and its letter.
inadmissibility_declared = Signal()

# Sent in the transaction of ``applications.retention.dossier_anonymise``, with
# ``application``, once its term has run out: the apps built on the dossiers
# erase what they hold about it and return how many stored files they delete
# (the reviews app: the decision letters).
dossier_anonymised = Signal()
