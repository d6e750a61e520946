"""Two-factor authentication (issue 13): TOTP devices and one-time recovery
codes from django-otp, required of managers and administrators who sign in with
a password, optional for everyone else.

- ``policy``: who must use it, and which sessions it applies to;
- ``services``: enrol, verify, regenerate the recovery codes, disable, reset;
- ``middleware``: sends a session that still owes its second factor to the
  verification (or enrolment) page;
- ``views``/``forms``: the pages under /compte/double-authentification/.
"""
