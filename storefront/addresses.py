"""The buyer's address book (Oscar's customer views) with the checkout's Indonesian fields
(address.forms.UserAddressForm, which Oscar's views load through get_class).

Only the region chain differs: without JavaScript, "Pilih wilayah berikutnya" posts the
form to fill the next level's choices, which is not a save and shows no errors. Put in place
by storefront.apps.CustomerConfig, so URLs and names (customer:address-create…) stay Oscar's.
"""

from oscar.apps.customer import views as oscar_views

from regions.forms import is_region_refresh


class RegionRefreshMixin:
    def post(self, request, *args, **kwargs):
        if not is_region_refresh(request):
            return super().post(request, *args, **kwargs)
        self.object = self.get_object() if self.kwargs.get("pk") else None
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["initial"] = request.POST.dict()
        return self.render_to_response(self.get_context_data(form=self.get_form_class()(**kwargs)))


class AddressCreateView(RegionRefreshMixin, oscar_views.AddressCreateView):
    pass


class AddressUpdateView(RegionRefreshMixin, oscar_views.AddressUpdateView):
    pass
