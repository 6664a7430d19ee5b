"""Fidelity of the emulated Entra client credentials and Graph app management, judged by the
Azure CLI (PyPI `azure-cli`, unmodified), registered as a custom cloud pointing at the emulator.

The CLI signs in as the scenario's "CLI automation" service principal (a confidential client with
the Graph application permission Application.ReadWrite.All) and runs `az ad app create`,
`az ad app list --filter`, `az ad sp create` and `az ad app credential reset --append`; after each
command the test reads the emulator's directory back through Graph, and finally authenticates with
the secret the CLI created.

Two deviations from a plain `az login --service-principal … --allow-no-subscriptions`, both because
the emulator has no Azure Resource Manager (management.azure.com is outside the emulated services):
`--skip-subscription-discovery` (otherwise the CLI lists subscriptions through ARM) and
`--scope <graph>/.default` (otherwise the CLI's sign-in asks for an ARM token). Everything after the
sign-in talks only to the emulated Graph.

Run like test_msal_fidelity.py; `azure-cli` is in requirements.txt.
"""

import json
import os
import subprocess
import sys

import msal
import pytest

from test_msal_fidelity import TENANT_ID, claims, emulator, session  # noqa: F401

# The seeded "CLI automation" app (crates/syncsetup-emulator/src/directory/seed.rs, module `cli`).
# PUBLIC TEST MATERIAL: the secret is valid only against the emulator.
CLI_APP_ID = "4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e02"
CLI_SECRET = "cli8Q~emulator.test.secret.not.a.real.one"


@pytest.fixture(scope="module")
def az(emulator, tmp_path_factory):
    """Runs `az` against the emulator with a private config directory; returns parsed JSON."""
    try:
        import azure.cli  # noqa: F401
    except ImportError:
        pytest.fail("azure-cli is not installed: pip install -r crates/syncsetup-emulator/tests/fidelity/requirements.txt")
    config_dir = tmp_path_factory.mktemp("azure-config")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AZURE_") and k not in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")
    }
    env.update(
        AZURE_CONFIG_DIR=str(config_dir),
        # Trust the emulator's CA for this process only.
        REQUESTS_CA_BUNDLE=emulator.ca_path,
        AZURE_CORE_COLLECT_TELEMETRY="false",
        AZURE_CORE_NO_COLOR="true",
    )

    def run(*args, expect_json=True):
        proc = subprocess.run(
            [sys.executable, "-m", "azure.cli", *args, "--only-show-errors", "--output", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"az {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout}"
        return json.loads(proc.stdout) if expect_json and proc.stdout.strip() else None

    graph = emulator.hosts["graph"]
    run("config", "set", "core.instance_discovery=false", expect_json=False)
    run(
        "cloud", "register", "--name", "SyncSetupEmulator",
        "--endpoint-active-directory", emulator.hosts["login"],
        "--endpoint-active-directory-resource-id", "https://management.core.windows.net/",
        "--endpoint-active-directory-graph-resource-id", f"{graph}/",
        "--endpoint-microsoft-graph-resource-id", f"{graph}/",
        "--endpoint-resource-manager", f"{emulator.hosts['app']}/",
        "--skip-endpoint-discovery",
        expect_json=False,
    )
    run("cloud", "set", "--name", "SyncSetupEmulator", expect_json=False)
    return run


@pytest.fixture()
def graph_as_automation(emulator, session):
    """GET on the emulated Graph as the automation app, to read the directory back."""
    app = msal.ConfidentialClientApplication(
        CLI_APP_ID, client_credential=CLI_SECRET, authority=emulator.authority,
        instance_discovery=False, http_client=session,
    )
    token = app.acquire_token_for_client([f"{emulator.hosts['graph']}/.default"])
    assert "access_token" in token, token

    def get(path):
        res = session.get(f"{emulator.hosts['graph']}/v1.0{path}",
                          headers={"Authorization": f"Bearer {token['access_token']}"})
        return res

    return get


def test_az_login_and_ad_app_commands(emulator, session, az, graph_as_automation):
    accounts = az(
        "login", "--service-principal", "--username", CLI_APP_ID, "--password", CLI_SECRET,
        "--tenant", TENANT_ID, "--allow-no-subscriptions", "--skip-subscription-discovery",
        "--scope", f"{emulator.hosts['graph']}//.default",
    )
    assert accounts[0]["tenantId"] == TENANT_ID
    assert accounts[0]["user"] == {"name": CLI_APP_ID, "type": "servicePrincipal"}

    created = az("ad", "app", "create", "--display-name", "Created by az")
    app_id, object_id = created["appId"], created["id"]
    assert app_id != object_id
    res = graph_as_automation(f"/applications(appId='{app_id}')")
    assert res.status_code == 200, res.text
    assert res.json()["displayName"] == "Created by az"

    listed = az("ad", "app", "list", "--filter", "displayName eq 'Created by az'")
    assert [a["appId"] for a in listed] == [app_id]

    sp = az("ad", "sp", "create", "--id", app_id)
    assert sp["appId"] == app_id
    res = graph_as_automation(f"/servicePrincipals(appId='{app_id}')")
    assert res.status_code == 200, res.text
    assert res.json()["id"] == sp["id"]

    reset = az("ad", "app", "credential", "reset", "--id", app_id, "--append")
    assert reset["appId"] == app_id and reset["tenant"] == TENANT_ID
    secret = reset["password"]
    creds = graph_as_automation(f"/applications/{object_id}").json()["passwordCredentials"]
    assert [c["hint"] for c in creds] == [secret[:3]]
    assert all(c["secretText"] is None for c in creds)

    # The secret the CLI created authenticates the new app (it has a service principal now).
    new_app = msal.ConfidentialClientApplication(
        app_id, client_credential=secret, authority=emulator.authority,
        instance_discovery=False, http_client=session,
    )
    token = new_app.acquire_token_for_client([f"{emulator.hosts['graph']}/.default"])
    assert "access_token" in token, token
    assert claims(token["access_token"])["oid"] == sp["id"]

    # `az ad sp show` finds it through the servicePrincipalNames lambda filter.
    shown = az("ad", "sp", "show", "--id", app_id)
    assert shown["id"] == sp["id"]
