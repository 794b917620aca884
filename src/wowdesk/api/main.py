"""The JSON API: one NinjaAPI instance gathering each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(title="WowDesk API", version="1", urls_namespace="api", docs_url="/docs")
