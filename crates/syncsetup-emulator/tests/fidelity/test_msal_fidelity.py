"""Fidelity of the emulated Entra ID, judged by Microsoft's own MSAL for Python.

MSAL Python is an independent, Microsoft-maintained reading of the same wire protocol the SPA
speaks. If it can run the auth code flow with PKCE against the emulator, redeem the code, build
its account from the response, refresh for a second resource and silently refresh from its cache,
the emulator's discovery document, redirects, token responses and id_token are shaped like
Entra's. MSAL is never patched: a failure here is a bug in the emulator.

The emulator binary is started with one 127.0.0.1 port per host (Python's resolver does not know
`*.localhost`) and HTTPS (MSAL refuses non-https authorities), trusting only the CA the emulator
writes with `--ca-out`.

Run (from the repository root, after `cargo build -p syncsetup-emulator`):
    python3 -m venv .venv && .venv/bin/pip install -r crates/syncsetup-emulator/tests/fidelity/requirements.txt
    .venv/bin/python -m pytest crates/syncsetup-emulator/tests/fidelity -q
Binary: $EMULATOR_BIN, default target/debug/syncsetup-emulator under the repository root.
Verified with Python 3.11.7, msal 1.39.0, pytest 9.2.0, requests 2.34.2, PyJWT 2.15.1.
"""

import base64
import hashlib
import html.parser
import json
import os
import pathlib
import queue
import signal
import subprocess
import threading
import urllib.parse
import warnings

import jwt  # PyJWT, installed with msal
import msal
import pytest
import requests

REPO_ROOT = pathlib.Path(__file__).resolve().parents[4]
CLIENT_ID = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
TENANT_ID = "3f6c0b5e-8d2a-4c1e-9b7f-2a4d6e8c0b1a"
ADMIN_UPN = "adele@contoso.onmicrosoft.com"
ADMIN_OID = "6e8a1f0c-2b3d-4c5e-8f70-91a2b3c4d5e6"
# A loopback redirect URI: the demo app registers `http://localhost` as a public client URI and
# Entra ignores the port of loopback redirect URIs, as MSAL's desktop flows rely on.
REDIRECT_URI = "http://localhost:53117"


class Emulator:
    """A running emulator process and the URLs it printed."""

    def __init__(self, proc, hosts, ca_path):
        self.proc = proc
        self.hosts = hosts
        self.ca_path = ca_path

    @property
    def authority(self):
        return f"{self.hosts['login']}/{TENANT_ID}"


def _read_startup_lines(proc, timeout=60):
    """Reads the emulator's startup lines up to its first human-readable line."""
    lines = queue.Queue()

    def pump():
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen = []
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"emulator printed no complete startup within {timeout}s: {seen}")
        if line is None:
            raise AssertionError(f"emulator exited during startup: {seen}")
        seen.append(line)
        if line.startswith("syncsetup-emulator:"):
            return seen


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    binary = pathlib.Path(os.environ.get("EMULATOR_BIN", REPO_ROOT / "target/debug/syncsetup-emulator"))
    assert binary.is_file(), f"{binary} not found: run `cargo build -p syncsetup-emulator` or set EMULATOR_BIN"
    ca_path = tmp_path_factory.mktemp("emulator") / "ca.pem"
    proc = subprocess.Popen(
        [str(binary), "--port", "0", "--per-host-ports", "--tls", "--ca-out", str(ca_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = _read_startup_lines(proc)
        assert lines[0].startswith("ready https://127.0.0.1:") and lines[0].endswith("/"), lines
        hosts = {}
        for line in lines:
            parts = line.split(" ")
            if parts[0] == "host":
                hosts[parts[1]] = parts[2]
        assert set(hosts) == {"app", "login", "graph", "globaldisco"}, lines
        assert lines[0] == f"ready {hosts['app']}/"
        assert f"ca {ca_path}" in lines
        assert ca_path.read_text().startswith("-----BEGIN CERTIFICATE-----")
        yield Emulator(proc, hosts, str(ca_path))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("emulator did not stop on SIGTERM")
    assert code == 0, f"emulator exited with {code} on SIGTERM"


@pytest.fixture()
def session(emulator):
    """An HTTP session that trusts only the emulator's CA."""
    s = requests.Session()
    # requests lets $REQUESTS_CA_BUNDLE / $CURL_CA_BUNDLE (set on many machines, this one too)
    # override Session.verify; ignore the environment so only the emulator's CA is trusted.
    s.trust_env = False
    s.verify = emulator.ca_path
    yield s
    s.close()


@pytest.fixture()
def app(emulator, session):
    # Reset codes and refresh tokens so tests do not see each other's grants.
    session.post(f"{emulator.hosts['login']}/_emulator/reset").raise_for_status()
    return msal.PublicClientApplication(
        CLIENT_ID,
        authority=emulator.authority,
        instance_discovery=False,
        http_client=session,
    )


class _SignInForm(html.parser.HTMLParser):
    """Collects the sign-in page's form action, hidden fields and submit buttons."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.hidden = []
        self.buttons = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.action = a.get("action")
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("type") == "submit":
            self.buttons[a.get("id")] = (a.get("name"), a.get("value"))


def drive_sign_in(session, auth_uri, button_id):
    """Opens the sign-in page like a browser and clicks `button_id`; returns the redirect query."""
    page = session.get(auth_uri)
    assert page.status_code == 200, page.text
    form = _SignInForm()
    form.feed(page.text)
    assert form.action, "the sign-in page has a form"
    assert button_id in form.buttons, f"{button_id} not among {sorted(form.buttons)}"
    name, value = form.buttons[button_id]
    res = session.post(
        urllib.parse.urljoin(auth_uri, form.action),
        data=form.hidden + [(name, value)],
        allow_redirects=False,
    )
    assert res.status_code == 302, res.text
    location = res.headers["Location"]
    assert location.startswith(REDIRECT_URI), location
    parsed = urllib.parse.urlparse(location)
    return dict(urllib.parse.parse_qsl(parsed.query))


def claims(token):
    """Payload of a JWT, unverified."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_auth_code_flow_refresh_for_second_resource_and_silent_refresh(emulator, session, app):
    graph_scope = f"{emulator.hosts['graph']}/User.Read"
    gds_scope = f"{emulator.hosts['globaldisco']}/user_impersonation"

    # Consent to both resources up front, as the SPA does; MSAL adds openid profile offline_access.
    flow = app.initiate_auth_code_flow(scopes=[graph_scope, gds_scope], redirect_uri=REDIRECT_URI)
    assert flow["auth_uri"].startswith(f"{emulator.authority}/oauth2/v2.0/authorize?")
    assert "code_challenge_method=S256" in flow["auth_uri"]
    auth_response = drive_sign_in(session, flow["auth_uri"], "user-adele")
    assert set(auth_response) >= {"code", "state"}

    # The token leg must name one resource (E-AUTHCODE), so ask for Graph here.
    result = app.acquire_token_by_auth_code_flow(flow, auth_response, scopes=[graph_scope])
    assert "access_token" in result, result
    assert result["token_type"] == "Bearer"
    id_claims = result["id_token_claims"]
    assert id_claims["name"] == "Adele Vance"
    assert id_claims["tid"] == TENANT_ID
    assert id_claims["oid"] == ADMIN_OID
    assert id_claims["preferred_username"] == ADMIN_UPN

    # MSAL 1.38+ no longer validates id_tokens during acquisition, so also run its legacy
    # validator (issuer from discovery, audience, nonce hash, time) and verify the RS256
    # signature against the published JWKS with PyJWT.
    config = session.get(f"{emulator.authority}/v2.0/.well-known/openid-configuration").json()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        msal.oauth2cli.oidc.decode_id_token(
            result["id_token"],
            client_id=CLIENT_ID,
            issuer=config["issuer"],
            nonce=hashlib.sha256(flow["nonce"].encode("ascii")).hexdigest(),
        )
    jwks = session.get(config["jwks_uri"]).json()
    key = jwt.PyJWK(jwks["keys"][0]).key
    verified = jwt.decode(result["id_token"], key, algorithms=["RS256"], audience=CLIENT_ID, issuer=config["issuer"])
    assert verified["tid"] == TENANT_ID
    access = jwt.decode(
        result["access_token"], key, algorithms=["RS256"], audience=emulator.hosts["graph"], issuer=config["issuer"]
    )
    assert access["scp"] == "User.Read"

    # MSAL built its account from the response (client_info → home_account_id = oid.tid).
    accounts = app.get_accounts()
    assert [a["username"] for a in accounts] == [ADMIN_UPN]
    assert accounts[0]["home_account_id"] == f"{ADMIN_OID}.{TENANT_ID}"

    # The Graph token works on the emulated Graph.
    me = session.get(
        f"{emulator.hosts['graph']}/v1.0/me", headers={"Authorization": f"Bearer {result['access_token']}"}
    )
    assert me.status_code == 200, me.text
    assert me.json()["displayName"] == "Adele Vance"

    # The refresh token mints a token for the second resource consented at /authorize.
    gds = app.acquire_token_by_refresh_token(result["refresh_token"], scopes=[gds_scope])
    assert "access_token" in gds, gds
    gds_claims = claims(gds["access_token"])
    assert gds_claims["aud"] == emulator.hosts["globaldisco"]
    assert gds_claims["scp"] == "user_impersonation"
    assert gds["refresh_token"] != result["refresh_token"]

    # MSAL's own silent path: a cache hit, then a forced refresh through its cached refresh token.
    cached = app.acquire_token_silent([graph_scope], account=accounts[0])
    assert cached and cached["access_token"] == result["access_token"], cached
    refreshed = app.acquire_token_silent_with_error([graph_scope], account=accounts[0], force_refresh=True)
    assert refreshed and "access_token" in refreshed, refreshed
    assert refreshed["access_token"] != result["access_token"]
    assert claims(refreshed["access_token"])["aud"] == emulator.hosts["graph"]


def test_reused_code_and_cancel_come_back_as_entra_errors(emulator, session, app):
    graph_scope = f"{emulator.hosts['graph']}/User.Read"
    flow = app.initiate_auth_code_flow(scopes=[graph_scope], redirect_uri=REDIRECT_URI)
    auth_response = drive_sign_in(session, flow["auth_uri"], "user-megan")
    first = app.acquire_token_by_auth_code_flow(dict(flow), auth_response)
    assert "access_token" in first, first
    assert first["id_token_claims"]["name"] == "Megan Bowen"
    second = app.acquire_token_by_auth_code_flow(dict(flow), auth_response)
    assert second.get("error") == "invalid_grant", second
    assert second.get("error_codes") == [54005], second

    flow = app.initiate_auth_code_flow(scopes=[graph_scope], redirect_uri=REDIRECT_URI)
    cancelled = drive_sign_in(session, flow["auth_uri"], "cancel")
    assert cancelled["error"] == "access_denied"
    assert cancelled["error_description"].startswith("AADSTS65004:")
    result = app.acquire_token_by_auth_code_flow(flow, cancelled)
    assert result.get("error") == "access_denied", result


def test_unknown_tenant_is_refused_by_discovery(emulator, session):
    with pytest.raises(ValueError):
        msal.PublicClientApplication(
            CLIENT_ID,
            authority=f"{emulator.hosts['login']}/nosuchtenant.example",
            instance_discovery=False,
            http_client=session,
        )
