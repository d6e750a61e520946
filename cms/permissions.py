"""Who may act on a call's page in the Wagtail admin.

The staff groups hold their page permissions on the whole site (add, change,
publish from the home page). A call's page is further reserved to the staff of
the call's authority and to administrators: for anyone else the page's tester
holds no permission at all, so every page view of Wagtail (edit, preview,
delete, unpublish, move, copy, privacy, lock, revisions, history, usage) refuses.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from calls.permissions import may_act_for_authority


class CallPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        authority_id = page.call.authority_id if page.call_id else None
        self.foreign = not may_act_for_authority(user, authority_id)
        if self.foreign:
            self.permissions = set()

    def can_edit(self):
        return not self.foreign and super().can_edit()

    def can_lock(self):
        return not self.foreign and super().can_lock()

    def can_unlock(self):
        return not self.foreign and super().can_unlock()

    def can_submit_for_moderation(self):
        return not self.foreign and super().can_submit_for_moderation()

    def can_view_revisions(self):
        return not self.foreign and super().can_view_revisions()
