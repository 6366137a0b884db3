from django.urls import path

from staff import cod_blocks

app_name = "cod-dashboard"

urlpatterns = [path("", cod_blocks.CodBlockListView.as_view(), name="list")]
