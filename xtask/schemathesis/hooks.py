"""Rules of the proxy's API that JSON Schema cannot state, told to Schemathesis.

`cargo xtask schemathesis` loads this file (SCHEMATHESIS_HOOKS). Each hook drops generated
requests that break a rule between two fields, which the proxy refuses with 400 as its
OpenAPI document says. Nothing here makes a request valid that the proxy would refuse for its
form, and nothing changes what is sent.
"""

import schemathesis


@schemathesis.hook
def filter_query(ctx, query):
    """`date_from` after `date_to` is refused (`param: date_from`): an empty range is a mistake."""
    if not isinstance(query, dict):
        return True
    first, last = query.get("date_from"), query.get("date_to")
    # `YYYY-MM-DD` dates order as text.
    return not (isinstance(first, str) and isinstance(last, str) and first > last)


@schemathesis.hook
def filter_body(ctx, body):
    """A `USD` session offers the card alone: Flexiti credit is in Canadian dollars."""
    if not isinstance(body, dict) or body.get("currency") != "USD":
        return True
    methods = body.get("methods")
    return not (isinstance(methods, list) and any(method != "card" for method in methods))
