from django.urls import path

from quotes import views

app_name = "quotes"

urlpatterns = [
    path("", views.QuoteListView.as_view(), name="list"),
]
