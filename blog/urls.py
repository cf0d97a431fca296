from django.urls import path

from blog import views

app_name = "blog"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("artikel/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("kategorie/<slug:slug>/", views.CategoryView.as_view(), name="category"),
]
