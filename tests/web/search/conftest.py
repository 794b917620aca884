from tests.web.conversations.conftest import count_queries

__all__ = ["count_queries"]
