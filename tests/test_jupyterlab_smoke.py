"""JupyterLab works as shipped: the server lists the notebooks and a kernel imports the package."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
import websocket

from cdsanalysis.base import paths

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def _post(url: str, token: str, body: dict):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    port, token = _free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime))
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={paths.ROOT}", "--ServerApp.port_retries=0",
        "--allow-root",  # CI runs as root
    ]  # fmt: skip
    log = (runtime / "server.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"{base}/api/status", token)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "jupyter lab did not start: " + (runtime / "server.log").read_text()
                ) from None
            time.sleep(0.5)
    yield base, token
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_lab_lists_the_notebooks(lab_server):
    base, token = lab_server
    listing = _get(f"{base}/api/contents/notebooks", token)
    names = {item["name"] for item in listing["content"]}
    assert {"sector_brief.ipynb", "province_overview.ipynb", "explore.ipynb"} <= names
    lab_page = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10).read()
    assert b"JupyterLab" in lab_page


def test_a_kernel_starts_and_imports_the_package(lab_server):
    base, token = lab_server
    kernel = _post(f"{base}/api/kernels", token, {"name": "python3"})
    ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel['id']}/channels?token={token}"
    connection = websocket.create_connection(ws_url, timeout=60)
    msg_id = uuid.uuid4().hex
    code = "import cdsanalysis as cds; print(cds.__version__, len(cds.load_plan().judged_targets))"
    connection.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                    "msg_type": "execute_request", "version": "5.3",
                },
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": code, "silent": False, "store_history": False,
                            "user_expressions": {}, "allow_stdin": False},
            }
        )
    )  # fmt: skip
    output, status = "", None
    deadline = time.monotonic() + 60
    while status is None and time.monotonic() < deadline:
        message = json.loads(connection.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            output += message["content"]["text"]
        elif message["msg_type"] == "error":
            output += "\n".join(message["content"]["traceback"])
        elif message["msg_type"] == "execute_reply":
            status = message["content"]["status"]
    connection.close()
    assert status == "ok", output
    assert output.strip().endswith(" 35")
