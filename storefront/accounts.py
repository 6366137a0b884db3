"""Oscar's account actions that changed state on GET, made POST-only the Oscar way; and
signing in, which takes producers and cooperative operators to their portal.

Signing out and adding to a wish list were links: any page (an <img> on another site, a
prefetching browser) could sign a buyer out or fill their wish list. Here GET shows a page
in the shop's look with one button that POSTs (no JavaScript needed); only the POST acts.
storefront.apps.CustomerConfig puts these views on Oscar's URLs and names.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.customer.views import AccountAuthView as OscarAccountAuthView
from oscar.apps.customer.views import LogoutView as OscarLogoutView
from oscar.apps.customer.wishlists.views import WishListAddProduct as OscarWishListAddProduct
from oscar.core.loading import get_model

from sellers.selectors import sellers_actable_by

Product = get_model("catalogue", "Product")

CONFIRM_TEMPLATE = "storefront/confirm_action.html"


def _confirm_page(request, *, title: str, question: str, button: str, back_url: str):
    context = {"title": title, "question": question, "button": button, "back_url": back_url}
    return render(request, CONFIRM_TEMPLATE, context)


class AccountAuthView(OscarAccountAuthView):
    def get_login_success_url(self, form):
        # A producer or an operator signs in to look after orders and listings: without a page
        # to go back to (?next=), they land in the portal rather than on the shop's home page.
        # Staff keep Oscar's dashboard.
        user = self.request.user
        if (
            not form.cleaned_data["redirect_url"]
            and not user.is_staff
            and sellers_actable_by(user=user).exists()
        ):
            return reverse("sellers:portal")
        return super().get_login_success_url(form)


class LogoutView(OscarLogoutView):
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().get(request, *args, **kwargs)  # nothing to sign out of
        return _confirm_page(
            request,
            title=_("Keluar"),
            question=_("Keluar dari akun %(email)s?") % {"email": request.user.email or request.user},
            button=_("Keluar"),
            back_url="/",
        )

    def post(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class WishListAddProduct(OscarWishListAddProduct):
    def dispatch(self, request, *args, **kwargs):
        # Oscar's dispatch creates a wish list before it looks at the method.
        if request.method in ("GET", "HEAD"):
            product = get_object_or_404(Product, pk=kwargs["product_pk"])
            return _confirm_page(
                request,
                title=_("Daftar keinginan"),
                question=_("Simpan %(title)s ke daftar keinginan Anda?") % {"title": product.get_title()},
                button=_("Simpan ke daftar keinginan"),
                back_url=product.get_absolute_url(),
            )
        return super().dispatch(request, *args, **kwargs)
