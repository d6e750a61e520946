"""The token of the email verification link.

It works like Django's password reset token (same signing, same
``PASSWORD_RESET_TIMEOUT``) but under its own salt, so that a verification link
is never a valid password reset link and the other way round; and it hashes
``is_active``, so that it dies once the account is activated.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


email_verification_token_generator = EmailVerificationTokenGenerator()
