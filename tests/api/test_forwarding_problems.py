"""Forwarding problems (issue 7's outbox rows marked rejected/dead) have a screen and a way back:
staff see their centre's, admins all; "Gửi lại" requeues a row once, audited. Real HTTP, on SQLite
and PostgreSQL."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from tests.support.dossiers import (DEMO_CENTRE, OTHER_CENTRE, accepted_with_forwarding_problem, body, staff_act,
                                    submit)


def _problem(accounts, db_env, status="dead", reason="http_503", other_centre=False):
    staff = accounts["staff_other" if other_centre else "staff"]
    filer = accounts["volunteer_other" if other_centre else "volunteer"]
    return accepted_with_forwarding_problem(staff, filer, db_env["DATABASE_URL"], status, reason,
                                            OTHER_CENTRE if other_centre else DEMO_CENTRE)


def test_staff_see_their_centres_problems_and_admins_all(accounts, db_env):
    dead_code, dead_id = _problem(accounts, db_env)
    rejected_code, rejected_id = _problem(accounts, db_env, "rejected", "portal_rejected")
    other_code, other_id = _problem(accounts, db_env, other_centre=True)
    # An accepted dossier still waiting to be sent is not a problem.
    _, _, res = submit(accounts["volunteer"], body(channel="volunteer"))
    fine = res.json()["code"]
    assert staff_act(accounts["staff"], fine, "start_review").status_code == 200
    assert staff_act(accounts["staff"], fine, "accept").status_code == 200

    mine = {r["code"]: r for r in accounts["staff"].get("/api/v1/staff/forwarding/problems").json()}
    assert {dead_code, rejected_code} <= set(mine) and other_code not in mine and fine not in mine
    assert mine[dead_code]["status"] == "dead" and mine[dead_code]["last_error"] == "http_503"
    assert mine[rejected_code]["status"] == "rejected" and mine[rejected_code]["attempts"] == 8
    theirs = {r["code"] for r in accounts["staff_other"].get("/api/v1/staff/forwarding/problems").json()}
    assert other_code in theirs and dead_code not in theirs
    everything = {r["code"] for r in accounts["admin"].get("/api/v1/staff/forwarding/problems").json()}
    assert {dead_code, rejected_code, other_code} <= everything
    # Another centre's row cannot be retried by its id either.
    res = accounts["staff"].post(f"/api/v1/staff/forwarding/problems/{other_id}/retry")
    assert res.status_code == 404 and res.json()["detail"]["vi"]


def test_retry_requeues_once_with_a_fresh_budget_and_is_audited(accounts, db_env, engine):
    code, row_id = _problem(accounts, db_env)
    res = accounts["staff"].post(f"/api/v1/staff/forwarding/problems/{row_id}/retry")
    assert res.status_code == 200, res.text
    assert res.json()["status"] == "pending" and res.json()["code"] == code
    with engine.connect() as con:
        status, attempts, error = con.execute(text("SELECT status, attempts, last_error FROM portaloutbox WHERE id = :i"),
                                              {"i": row_id}).one()
        audited = con.execute(text("SELECT count(*) FROM auditevent WHERE action = 'portal_requeued' AND dossier_id = "
                                   "(SELECT client_uuid FROM dossier WHERE code = :c)"), {"c": code}).scalar_one()
    assert (status, attempts, error) == ("pending", 0, "") and audited == 1
    assert code not in {r["code"] for r in accounts["staff"].get("/api/v1/staff/forwarding/problems").json()}
    again = accounts["staff"].post(f"/api/v1/staff/forwarding/problems/{row_id}/retry")
    assert again.status_code == 409 and again.json()["detail"]["key"] == "portal.not_a_problem"


def test_two_people_pressing_retry_at_once_requeue_it_once(accounts, db_env, engine):
    code, row_id = _problem(accounts, db_env)
    clients = [accounts["staff"], accounts["admin"]] * 5
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda c: c.post(f"/api/v1/staff/forwarding/problems/{row_id}/retry").status_code,
                                clients))
    assert sorted(answers) == [200] + [409] * 9
    with engine.connect() as con:
        audited = con.execute(text("SELECT count(*) FROM auditevent WHERE action = 'portal_requeued' AND dossier_id = "
                                   "(SELECT client_uuid FROM dossier WHERE code = :c)"), {"c": code}).scalar_one()
    assert audited == 1


def test_unknown_row_is_404_in_vietnamese_first(accounts):
    res = accounts["staff"].post("/api/v1/staff/forwarding/problems/2147483000/retry")
    assert res.status_code == 404
    detail = res.json()["detail"]
    assert detail["key"] == "portal.problem_not_found" and detail["vi"].startswith("Không tìm thấy")
