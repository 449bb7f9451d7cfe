"""The GitHub workflows load, and follow the rules that keep untrusted pull requests safe."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w.-]+)*@[0-9a-f]{40} # v\d+(\.\d+)*$")


def load(path):
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return text, data


def steps(data):
    for job in data["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits(path):
    text, _ = load(path)
    uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
    assert uses
    assert [u for u in uses if not PINNED.match(u)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    _, data = load(path)
    assert "pull_request_target" not in data["on"]
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        granted = job.get("permissions", {})
        assert set(granted) <= {"pages", "id-token"}, name
        assert "timeout-minutes" in job, name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_event_data_in_scripts(path):
    """`${{ github.event.… }}` inside `run:` is the classic script injection."""
    _, data = load(path)
    for step in steps(data):
        assert "${{" not in step.get("run", ""), step


def test_pull_requests_run_check_with_annotations_and_the_tests():
    _, data = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert set(data["on"]) == {"pull_request"}  # never pull_request_target
    runs = [step.get("run", "") for step in steps(data)]
    assert "python generate.py check --format github" in runs
    assert "bash .ci/run" in runs
    checkouts = [s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@")]
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_main_branch_builds_and_deploys_to_pages():
    _, data = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert "python generate.py build" in [s.get("run") for s in build["steps"]]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
