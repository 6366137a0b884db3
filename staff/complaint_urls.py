from django.urls import path

from staff import complaints

app_name = "complaints-dashboard"

urlpatterns = [
    path("", complaints.ComplaintListView.as_view(), name="list"),
    path("<int:pk>/", complaints.ComplaintDetailView.as_view(), name="detail"),
]
