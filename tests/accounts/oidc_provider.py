"""A real OpenID Connect provider for the single sign-on tests, in its own process.

oidc-provider-mock (authlib underneath): discovery, RS256-signed ID tokens from
its own key, the authorization code flow, userinfo. Run as

    python tests/accounts/oidc_provider.py [--max-age SECONDS] [--audience OTHER]

and it prints the port it listens on. ``--max-age`` below zero issues tokens that
have already expired; ``--audience`` makes it issue codes and tokens for another
client id than the one asking, as a provider mixed up between two applications
would (the relying party must refuse the token).
"""

from __future__ import annotations

import argparse
import base64
import io
import sys
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

import oidc_provider_mock
import werkzeug.serving


def other_audience(app: Any, audience: str) -> Any:
    """Rewrite the client id in the authorization and token requests."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/authorize":
            query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
            if "client_id" in query:
                query["client_id"] = audience
                environ["QUERY_STRING"] = urlencode(query)
        elif path == "/oauth2/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = dict(parse_qsl(environ["wsgi.input"].read(length).decode()))
            form["client_id"] = audience
            body = urlencode(form).encode()
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            if environ.get("HTTP_AUTHORIZATION", "").startswith("Basic "):
                secret = base64.b64decode(environ["HTTP_AUTHORIZATION"][6:]).split(b":", 1)[1]
                pair = base64.b64encode(audience.encode() + b":" + secret).decode()
                environ["HTTP_AUTHORIZATION"] = f"Basic {pair}"
        return app(environ, start_response)

    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-age", type=int, default=3600)
    parser.add_argument("--audience", default="")
    args = parser.parse_args()
    app = oidc_provider_mock.app(
        require_nonce=True, access_token_max_age=timedelta(seconds=args.max_age)
    )
    if args.audience:
        app = other_audience(app, args.audience)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
