#!/usr/bin/env python3
"""A stand-in for Steam's Web API, for trying Steam sign-in by hand (README, "Verified sign-in:
Steam"). It answers ISteamUserAuth/AuthenticateUserTicket/v1 as Steam does:

- a wrong key: 403 with Steam's HTML page;
- a ticket that is not hex: errorcode 3, "Invalid parameter";
- the ticket "dead...", any length: errorcode 101, "Invalid ticket";
- any other ticket: OK for the Steam id --steamid (the same for every ticket), with the bans
  given by --vac-banned and --publisher-banned.

    scripts/steam-stub.py --port 8765 --key 0123456789ABCDEF0123456789ABCDEF

then run Roster with ROSTER_STEAM_API_URL=http://127.0.0.1:8765. The black-box suite has its
own, fuller stub (tests/src/steam_stub.rs).
"""

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PATH = "/ISteamUserAuth/AuthenticateUserTicket/v1/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key", required=True, help="the publisher key it accepts")
    parser.add_argument("--steamid", default="76561198000000001")
    parser.add_argument("--vac-banned", action="store_true")
    parser.add_argument("--publisher-banned", action="store_true")
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            url = urlparse(self.path)
            query = {name: values[0] for name, values in parse_qs(url.query).items()}
            if url.path != PATH:
                return self.answer(404, "text/html", "<html><body>Not Found</body></html>")
            if query.get("key") != args.key:
                return self.answer(403, "text/html", "<html><head><title>Forbidden</title></head>"
                                   "<body><h1>Forbidden</h1>Access is denied.</body></html>")
            ticket = query.get("ticket", "")
            if not ticket or len(ticket) % 2 or any(c not in "0123456789abcdefABCDEF" for c in ticket):
                return self.json({"error": {"errorcode": 3, "errordesc": "Invalid parameter"}})
            if ticket.lower().startswith("dead"):
                return self.json({"error": {"errorcode": 101, "errordesc": "Invalid ticket"}})
            return self.json({"params": {
                "result": "OK", "steamid": args.steamid, "ownersteamid": args.steamid,
                "vacbanned": args.vac_banned, "publisherbanned": args.publisher_banned,
            }})

        def json(self, response: dict) -> None:
            self.answer(200, "application/json", json.dumps({"response": response}))

        def answer(self, status: int, content_type: str, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *values) -> None:  # noqa: A002
            pass  # The query holds the key: nothing is logged.

    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
