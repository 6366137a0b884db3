from django.urls import path

from staff import unpaid

app_name = "unpaid-dashboard"

urlpatterns = [path("", unpaid.UnpaidOrderListView.as_view(), name="list")]
