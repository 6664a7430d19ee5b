"""Fidelity of the emulated Graph app registration and Entra client credentials, judged by MSAL
for Python's ConfidentialClientApplication.

An admin signs in the way the SPA does (auth code + PKCE through the sign-in page), registers an
application through Graph, gives it a service principal and a secret (`addPassword`), and then
MSAL, unmodified, authenticates as that application with the secret: a token for Graph, one for a
Dataverse org, and Entra's AADSTS7000215 for a wrong secret. This is how Marketo itself will use
what the tool creates.

Run like test_msal_fidelity.py (same emulator binary, same requirements).
"""

import msal
import pytest

from test_msal_fidelity import (  # noqa: F401  (pytest fixtures are used by name)
    ADMIN_UPN,
    CLIENT_ID,
    REDIRECT_URI,
    TENANT_ID,
    claims,
    drive_sign_in,
    emulator,
    session,
)

GRAPH_SCOPES = ["Application.ReadWrite.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All"]


@pytest.fixture()
def admin_graph_token(emulator, session):
    """A Graph token for the Global Administrator, obtained like the SPA obtains it."""
    session.post(f"{emulator.hosts['login']}/_emulator/reset").raise_for_status()
    app = msal.PublicClientApplication(
        CLIENT_ID, authority=emulator.authority, instance_discovery=False, http_client=session
    )
    scopes = [f"{emulator.hosts['graph']}/{s}" for s in GRAPH_SCOPES]
    flow = app.initiate_auth_code_flow(scopes=scopes, redirect_uri=REDIRECT_URI)
    result = app.acquire_token_by_auth_code_flow(flow, drive_sign_in(session, flow["auth_uri"], "user-adele"))
    assert "access_token" in result, result
    assert result["id_token_claims"]["preferred_username"] == ADMIN_UPN
    return result["access_token"]


def graph(emulator, session, token, method, path, body=None):
    res = session.request(
        method,
        f"{emulator.hosts['graph']}/v1.0{path}",
        headers={"Authorization": f"Bearer {token}"},
        json=body,
    )
    return res


def test_confidential_client_authenticates_with_a_secret_created_through_graph(emulator, session, admin_graph_token):
    created = graph(emulator, session, admin_graph_token, "POST", "/applications", {
        "displayName": "Marketo Integration",
        "signInAudience": "AzureADMyOrg",
        "requiredResourceAccess": [{
            "resourceAppId": "00000007-0000-0000-c000-000000000000",
            "resourceAccess": [{"id": "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", "type": "Scope"}],
        }],
    })
    assert created.status_code == 201, created.text
    application = created.json()
    sp = graph(emulator, session, admin_graph_token, "POST", "/servicePrincipals", {"appId": application["appId"]})
    assert sp.status_code == 201, sp.text
    pw = graph(emulator, session, admin_graph_token, "POST", f"/applications/{application['id']}/addPassword",
               {"passwordCredential": {"displayName": "Marketo"}})
    assert pw.status_code == 200, pw.text
    secret = pw.json()["secretText"]
    assert pw.json()["hint"] == secret[:3]

    confidential = msal.ConfidentialClientApplication(
        application["appId"],
        client_credential=secret,
        authority=emulator.authority,
        instance_discovery=False,
        http_client=session,
    )
    graph_token = confidential.acquire_token_for_client([f"{emulator.hosts['graph']}/.default"])
    assert "access_token" in graph_token, graph_token
    assert graph_token["token_type"] == "Bearer"
    app_claims = claims(graph_token["access_token"])
    assert app_claims["appid"] == application["appId"]
    assert app_claims["oid"] == sp.json()["id"]
    assert app_claims["tid"] == TENANT_ID
    assert app_claims["idtyp"] == "app"
    assert "scp" not in app_claims and "roles" not in app_claims
    # The app holds no Graph application permission, so Graph refuses directory reads.
    listing = graph(emulator, session, graph_token["access_token"], "GET", "/applications")
    assert listing.status_code == 403, listing.text
    assert listing.json()["error"]["code"] == "Authorization_RequestDenied"

    # A Dataverse org (Microsoft's own URL form; per-host-port mode has no *.crm.localhost).
    org = confidential.acquire_token_for_client(["https://contoso.crm.dynamics.com/.default"])
    assert "access_token" in org, org
    assert claims(org["access_token"])["aud"] == "https://contoso.crm.dynamics.com"

    wrong = msal.ConfidentialClientApplication(
        application["appId"],
        client_credential="not-the-secret",
        authority=emulator.authority,
        instance_discovery=False,
        http_client=session,
    ).acquire_token_for_client([f"{emulator.hosts['graph']}/.default"])
    assert wrong.get("error") == "invalid_client", wrong
    assert wrong.get("error_codes") == [7000215], wrong
