from django.urls import path

from newsletter import archive, views

app_name = "newsletter"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("bitte-bestaetigen/", views.CheckInboxView.as_view(), name="check-inbox"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("bestaetigt/", views.ConfirmedView.as_view(), name="confirmed"),
    path("abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("abgemeldet/", views.UnsubscribedView.as_view(), name="unsubscribed"),
    path("einstellungen/<str:token>/", views.preferences, name="preferences"),
    path("archiv/", archive.EditionArchiveView.as_view(), name="edition-archive"),
    path("archiv/<int:pk>/", archive.EditionDetailView.as_view(), name="edition-detail"),
]
