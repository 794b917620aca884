"""Views that belong to no feature."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the process answers. Touches no database on purpose.

    The benchmark's floor is this view: the cost of a request through the
    same server and middleware, with no query.
    """
    return HttpResponse("ok\n", content_type="text/plain")
