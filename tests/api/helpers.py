"""Published, indexed actions for the API and export tests."""

from sps.catalogue import index
from tests.actions.factories import ActionFactory


def published(**kwargs):
    action = ActionFactory(published=True, **kwargs)
    index.index_actions([action.pk])
    return action


def walk(client, url, params=None):
    """Every item of a paginated list, following next_cursor; and the number of pages."""
    params = dict(params or {})
    items, pages = [], 0
    while True:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        pages += 1
        if not body["next_cursor"]:
            return items, pages
        params["cursor"] = body["next_cursor"]
