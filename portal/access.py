"""Who may act for which producer in the portal.

A producer acts for itself; a cooperative operator may also act for the members of the
cooperatives it operates. Every portal view gets the acting seller from here and reads
only through it, so one producer can never reach another's data.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from sellers.models import SellerProfile
from sellers.selectors import sellers_actable_by

SESSION_KEY = "acting_seller_id"


def acting_seller(request) -> SellerProfile | None:
    allowed = sellers_actable_by(user=request.user)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None and not isinstance(chosen, int):
        request.session.pop(SESSION_KEY, None)
        chosen = None
    if chosen is not None:
        seller = allowed.filter(pk=chosen).first()
        if seller is not None:
            return seller
        request.session.pop(SESSION_KEY, None)
    return allowed.filter(user=request.user).first() or allowed.first()


class SellerPortalMixin(LoginRequiredMixin):
    """Resolves request.seller; write views set `requires_active` to refuse suspended sellers."""

    requires_active = False  # approved or still applying (drafts only)
    requires_approved = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        seller = acting_seller(request)
        if seller is None:
            return redirect("sellers:apply")
        request.seller = self.seller = seller
        request.acting_for_other = seller.user_id != request.user.pk
        status = SellerProfile.Status
        if self.requires_active and seller.status not in (status.APPROVED, status.APPLIED):
            raise PermissionDenied("seller is not active")
        if self.requires_approved and seller.status != status.APPROVED:
            raise PermissionDenied("seller is not approved")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seller"] = self.seller
        context["actable_sellers"] = sellers_actable_by(user=self.request.user)
        context["acting_for_other"] = self.request.acting_for_other
        return context
