"""`{% kept %}`: a part of a template rendered once per content generation.

Like Django's `{% cache %}`, but renewed with every content change as cached pages are
(core.cache.for_generation): the frame and the parts of a page that a page-cache miss
would otherwise build anew for every visitor.
"""

import hashlib

from django import template

from core.cache import for_generation

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, vary_on, unless, shared):
        self.nodelist, self.name, self.vary_on, self.unless = nodelist, name, vary_on, unless
        self.shared = shared

    def render(self, context):
        if self.unless and self.unless.resolve(context):
            return self.nodelist.render(context)
        values = "\0".join(str(value.resolve(context)) for value in self.vary_on)
        digest = hashlib.md5(values.encode(), usedforsecurity=False).hexdigest()
        return for_generation(
            f"kept:{self.name}:{digest}", lambda: self.nodelist.render(context), shared=self.shared
        )


@register.tag
def kept(parser, token):
    """`{% kept "name" value … [unless condition] [local] %} … {% endkept %}`: the enclosed
    part is kept under its name and the values it differs by; it must show nothing else
    that varies (no CSRF token, no visitor's own data). With `unless`, a true condition (a
    staff preview) renders the part anew and keeps nothing. `local` keeps the part in this
    process only, for small parts that cost less to make than a write to the shared cache
    (`for_generation(…, shared=False)`)."""
    name, *vary_on = token.split_contents()[1:] or [None]
    shared = not (vary_on and vary_on[-1] == "local")
    if not shared:
        vary_on.pop()
    if not name or name[0] not in "\"'" or name[0] != name[-1]:
        raise template.TemplateSyntaxError("{% kept %} braucht einen Namen in Anführungszeichen.")
    unless = None
    if len(vary_on) >= 2 and vary_on[-2] == "unless":
        unless = parser.compile_filter(vary_on.pop())
        vary_on.pop()
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(value) for value in vary_on]
    return KeptNode(nodelist, name[1:-1], vary_on, unless, shared)
