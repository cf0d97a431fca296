from django import template

from blog.models import Article, Category

register = template.Library()


@register.inclusion_tag("includes/category_nav.html", takes_context=True)
def category_nav(context):
    request = context.get("request")
    return {
        "categories": Category.objects.filter(articles__in=Article.objects.published()).distinct(),
        "current_path": request.path if request else "",
    }
