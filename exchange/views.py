from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchange.forms import CountryOfWorkForm
from exchange.visitors import visitor_country, visitor_country_set


@require_http_methods(["GET", "POST"])
def country_of_work(request):
    """The list of countries of work; choosing one (a plain form POST) shows prices in its
    currency beside the rupiah from then on."""
    if request.method == "POST":
        form = CountryOfWorkForm(request.POST)
        if form.is_valid():
            country = form.cleaned_data["country"]
            target = form.cleaned_data["next"]
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = reverse("exchange:country-of-work")
            response = redirect(target)
            visitor_country_set(request, response, country=country)
            messages.success(request, _("Negara kerja disimpan."))
            return response
        status = 400
    else:
        form = CountryOfWorkForm(
            initial={"country": visitor_country(request).code, "next": request.GET.get("next", "")}
        )
        status = 200
    return render(request, "exchange/country_of_work.html", {"form": form}, status=status)
