from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from jingwang.demo.seed import ACCOUNTS, DEMO_PASSWORD
from jingwang.suites import sqlite_suite
from jingwang.testing import World, sign_in

PACKAGE = Path(__file__).resolve().parents[2]

ROLE_TITLES = {
    "community_officer": "社区民警",
    "auxiliary_officer": "辅警",
    "grid_worker": "网格员",
    "police_assistant": "警务专干",
    "mediator": "调解员",
    "department_staff": "部门",
    "station_leader": "派出所",
    "bureau_commander": "分局",
    "system_admin": "系统管理员",
    "security_admin": "安全管理员",
    "audit_admin": "审计管理员",
    "volunteer": "志愿者",
    "resident": "群众",
    "care_worker": "关爱帮扶",
    "venue_operator": "场所经营者",
    "watch_point_keeper": "守望点",
    "bank_liaison": "银行",
}


@pytest.mark.django_db
def test_every_demo_role_lands_on_its_home_page_in_chinese(client: Any, settings: Any, capsys: Any) -> None:
    settings.REQUIRE_MFA = False
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    for account in ACCOUNTS:
        assert account.username in out
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": account.username, "password": DEMO_PASSWORD}, follow=True
        )
        body = response.content.decode()
        title = re.search(r'<h1 data-testid="home-title" data-role="([a-z_]+)">([^<]+)</h1>', body)
        assert title is not None, account.username
        assert title.group(1) == account.role
        assert ROLE_TITLES[account.role] in title.group(2), (account.username, title.group(2))


def test_navigation_follows_the_role(world: World, client: Any) -> None:
    sign_in(client, world.auditor)
    page = client.get("/").content.decode()
    assert 'href="/audit/"' in page and 'href="/accounts/users/"' not in page
    sign_in(client, world.secadmin)
    page = client.get("/").content.decode()
    assert 'href="/accounts/users/"' in page and 'href="/audit/"' not in page


def test_resident_finds_their_community_officer(world: World, client: Any) -> None:
    from jingwang.accounts.models import RosterMember

    RosterMember.objects.create(
        police_district=world.node("police_district:320106001001"), position="officer", name="甲民警"
    )
    RosterMember.objects.create(
        police_district=world.node("police_district:320106001002"), position="officer", name="乙民警"
    )
    sign_in(client, world.resident)
    page = client.get("/my-officer/").content.decode()
    assert "甲民警" in page and "乙民警" not in page


@pytest.mark.django_db
def test_health_and_readiness(client: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["migrations"] == 0


def test_no_page_loads_anything_from_another_site() -> None:
    offenders = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"} or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if path.suffix == ".html":
            hits = re.findall(r"(?:src|href)=[\"']https?://[^\"']+", text)
        elif path.suffix == ".css":
            hits = re.findall(r"url\([\"']?https?://[^)]+\)|@import\s+[\"']?https?://", text)
        else:
            hits = []
        offenders += [f"{path.relative_to(PACKAGE)}: {h}" for h in hits]
    assert offenders == []


@pytest.mark.django_db
def test_createuser_reads_the_password_from_stdin(world: World, monkeypatch: Any, capsys: Any) -> None:
    import io

    from jingwang.accounts.models import User

    monkeypatch.setattr(sys, "stdin", io.StringIO("Quiet-River-77\n"))
    call_command("createuser", "gw_new", "--role", "grid_worker", "--scope", "grid:320106001002001", "--password-stdin")
    assert "created gw_new" in capsys.readouterr().out
    user = User.objects.get(username="gw_new")
    assert user.check_password("Quiet-River-77") and user.role_codes == {"grid_worker"}


def test_createuser_explains_an_ambiguous_code(world: World, monkeypatch: Any) -> None:
    import io

    from django.core.management import CommandError

    monkeypatch.setattr(sys, "stdin", io.StringIO("Quiet-River-77\n"))
    with pytest.raises(CommandError, match="kind:code"):
        call_command("createuser", "gw_x", "--role", "grid_worker", "--scope", "320106001001", "--password-stdin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@sqlite_suite
def test_demo_and_production_server_start_from_an_empty_data_folder(tmp_path: Path) -> None:
    """README command one, minus the fresh virtualenv: `jingwang demo` on an empty data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JINGWANG_", "DATABASE_URL", "DJANGO_"))}
    env["JINGWANG_DATA_DIR"] = str(tmp_path)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jingwang", "demo", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stdout.read() if proc.stdout else "demo exited")
                time.sleep(0.5)
        else:
            pytest.fail("the demo server did not become ready")
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
            page = r.read().decode()
        assert "登录" in page and 'data-testid="demo-banner"' in page
        assert (tmp_path / "secret_key").exists() and (tmp_path / "jingwang.sqlite3").exists()
        # A sign-in attempt is audited; the server's background sealer chains it within moments.
        token = next(c.value for c in jar if c.name == "csrftoken")
        form = urllib.parse.urlencode({"username": "officer", "password": "wrong", "csrfmiddlewaretoken": token})
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/accounts/login/",
            data=form.encode(),
            headers={"Referer": f"http://127.0.0.1:{port}/accounts/login/"},
        )
        with opener.open(request, timeout=5) as r:
            assert r.status == 200
        with sqlite3.connect(tmp_path / "jingwang.sqlite3") as db:
            for _ in range(50):
                unsealed, failures = db.execute(
                    "SELECT SUM(seq IS NULL), SUM(action = 'auth.sign_in' AND outcome = 'failure') "
                    "FROM audit_auditevent"
                ).fetchone()
                if failures and not unsealed:
                    break
                time.sleep(0.2)
        assert failures == 1 and unsealed == 0
        # ... and the sealer keeps a signed checkpoint of the chain's head in the data folder.
        assert [p.name.startswith("sqlite-jingwang") for p in (tmp_path / "audit-checkpoints").iterdir()] == [True]
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "officer" in out and "Jingwang-Demo-2026" in out


@pytest.mark.django_db
def test_every_page_in_every_roles_menu_opens(client: Any, settings: Any) -> None:
    from jingwang.accounts.models import User
    from jingwang.demo.seed import seed_demo

    settings.REQUIRE_MFA = False
    seed_demo()
    pages = [
        "/accounts/password/",
        "/territory/police_district/320106001001/",
        "/accounts/roster/320106001001/",
        "/territory/grid/320106001001001/",
        "/accounts/users/new/",
        "/audit/?action=auth",
    ]
    for account in ACCOUNTS:
        # Confirmed as well: pages behind a step-up (a new account) open after the confirm page.
        sign_in(client, User.objects.get(username=account.username), stepped_up=True)
        home = client.get("/").content.decode()
        links = re.findall(r'<nav class="mainnav"[^>]*>(.*?)</nav>', home, re.S)[0]
        for href in re.findall(r'href="([^"]+)"', links) + pages:
            status = client.get(href).status_code
            assert status in (200, 403, 404) and (status == 200 or href in pages), (account.username, href, status)


def test_home_pages_count_the_cases_of_their_user_and_the_warnings_in_scope(world: World, client: Any) -> None:
    from jingwang.casework.models import Case, Warning
    from jingwang.casework.services import case_refer
    from jingwang.casework.testing import open_sample

    mine = open_sample(world)
    referred = open_sample(world, title="邻里噪音")
    case_refer(by=world.officer_a, case_id=referred.pk, handler_user=world.mediator)
    Case.objects.filter(pk=mine.pk).update(warning=Warning.RED)
    officer = sign_in(client, world.officer_a).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 open cases of mine" in officer and '<span class="deadline-red">1 red</span>' in officer
    leader = sign_in(client, world.leader).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "In my scope: 1 red, 0 yellow warnings" in leader
    mediator = sign_in(client, world.mediator).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 open case of mine" in mediator
    dept = sign_in(client, world.dept).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="my-cases"' not in dept and "Nothing has been referred to you." in dept
