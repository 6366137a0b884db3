from django.urls import path

from exchange import views

app_name = "exchange"
urlpatterns = [path("negara-kerja/", views.country_of_work, name="country-of-work")]
