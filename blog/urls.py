from django.urls import path, re_path

from blog import views
from blog.feeds import LatestArticlesFeed

app_name = "blog"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("artikel/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("kategorie/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    # Tag slugs are spelled out (naechte); old links with umlauts redirect (TagView).
    re_path(r"^schlagwort/(?P<slug>[-\w]+)/$", views.TagView.as_view(), name="tag"),
    re_path(
        r"^archiv/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArchiveMonthView.as_view(),
        name="archive-month",
    ),
    path("suche/", views.SearchView.as_view(), name="search"),
    path("feed/", LatestArticlesFeed(), name="feed"),
]
