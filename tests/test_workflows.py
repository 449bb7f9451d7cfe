"""The GitHub workflows load, and follow the rules that keep untrusted pull requests safe."""

from __future__ import annotations

import io
import re
import zipfile

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
    assert "python generate.py build --offline-zip" in [s.get("run") for s in build["steps"]]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


TEMPLATES = ROOT / "motionlib" / "templates" / "library" / "github" / "workflows"
BOTH = [ROOT / ".github" / "workflows", TEMPLATES]
BUILD = "Build the site, with the offline copy as a ZIP on its home page"


def step_named(data, job: str, name: str) -> dict:
    return next(s for s in data["jobs"][job]["steps"] if s.get("name") == name)


@pytest.mark.parametrize("folder", BOTH, ids=["this repository", "init's"])
def test_templates_follow_the_same_rules(folder):
    for path in sorted(folder.glob("*.yml")):
        text, data = load(path)
        uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
        assert [u for u in uses if not PINNED.match(u)] == [], path
        assert data["permissions"] == {"contents": "read"}
        assert "pull_request_target" not in data["on"]
        for step in steps(data):
            assert "${{" not in step.get("run", ""), step


@pytest.mark.parametrize("folder", BOTH, ids=["this repository", "init's"])
def test_publish_restores_and_saves_the_export_cache_around_the_build(folder):
    _, data = load(folder / "publish.yml")
    names = [s.get("name") for s in data["jobs"]["build"]["steps"]]
    restore, build, save = (
        names.index(n) for n in ("Restore the export cache", BUILD, "Save the export cache")
    )
    assert restore < build < save
    restored = step_named(data, "build", "Restore the export cache")
    saved = step_named(data, "build", "Save the export cache")
    assert restored["uses"].startswith("actions/cache/restore@")
    assert saved["uses"].startswith("actions/cache/save@")
    assert restored["with"]["path"] == saved["with"]["path"] == "build/cache"
    assert restored["with"]["key"] == saved["with"]["key"]
    assert "hashFiles(" in saved["with"]["key"] and "github.sha" in saved["with"]["key"]
    assert saved["with"]["key"].startswith(restored["with"]["restore-keys"])
    checkout = data["jobs"]["build"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the history: each motion's versions


@pytest.mark.parametrize("folder", BOTH, ids=["this repository", "init's"])
def test_the_cache_key_reaches_only_the_publish_build_steps(folder):
    for path in sorted(folder.glob("*.yml")):
        text, data = load(path)
        found = [
            (job_name, step.get("name"))
            for job_name, job in data["jobs"].items()
            for step in job.get("steps", [])
            if "MOTIONLIB_CACHE_KEY" in str(step)
        ]
        if path.name == "publish.yml":
            assert found == [("build", BUILD)]  # the step that builds, and nothing else
            step = step_named(data, "build", BUILD)
            assert step["env"]["MOTIONLIB_CACHE_KEY"] == "${{ secrets.MOTIONLIB_CACHE_KEY }}"
            assert text.count("secrets.") == 1
        else:
            assert found == [] and "secrets." not in text  # pull requests: no secrets at all


@pytest.mark.parametrize("folder", BOTH, ids=["this repository", "init's"])
def test_pull_requests_preview_the_changed_motions(folder):
    _, data = load(folder / "pull-request.yml")
    runs = [s.get("run", "") for s in steps(data)]
    assert any(
        'preview --base "origin/$BASE_REF" --summary "$GITHUB_STEP_SUMMARY"' in r for r in runs
    )
    preview = next(s for s in steps(data) if "preview --base" in s.get("run", ""))
    assert preview["env"]["BASE_REF"] == "${{ github.base_ref }}"  # through the environment
    uploads = [s for s in steps(data) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert "build/preview" in [u["with"]["path"] for u in uploads]
    checkouts = [s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts[0]["with"]["fetch-depth"] == 0  # the base branch, to compare with


def test_the_publish_build_step_runs_here_and_the_second_run_uses_the_cache(tmp_path, monkeypatch):
    """No `act` here (no Docker, no network): the publish job's build step, as its `run:` and
    `env:` say, in a library `init` made, twice over the same cache, as two runs restoring it;
    the site it builds has the offline copy on its home page, a ZIP of the same bytes twice."""
    from click.testing import CliRunner

    from motionlib.commands import build as build_command
    from motionlib.commands.cli import main

    _, data = load(TEMPLATES / "publish.yml")
    step = step_named(data, "build", BUILD)
    assert step["run"] == "motionlib build --offline-zip"
    monkeypatch.setenv("MOTIONLIB_CACHE_KEY", "s" * 64)  # the secret, as the step's env gives it
    library = tmp_path / "library"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(library), "--name", "Riverside Labour"]).exit_code == 0
    command = [*step["run"].split()[1:], "-f", str(library / "mkdocs.yml")]
    checks = []
    monkeypatch.setattr(build_command, "check_config", counted(build_command.check_config, checks))
    first = runner.invoke(main, command)
    assert first.exit_code == 0 and "Rendered" in first.output, first.output
    assert len(checks) == 1  # the offline copy's check serves the site's build too
    site = library / "build" / "site"
    zipped = (site / "downloads/offline-copy.zip").read_bytes()
    second = runner.invoke(main, command)
    assert second.exit_code == 0 and " 0 rendered" in second.output, second.output
    assert "Rendered" not in second.output  # the offline copy's exports came from the cache too
    assert (site / "downloads/offline-copy.zip").read_bytes() == zipped  # the same bytes
    home = (site / "index.html").read_text()
    assert 'href="downloads/offline-copy.zip" download>Offline copy of the site (ZIP)' in home
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        names = archive.namelist()
        page = archive.read("riverside-labour/index.html").decode()
    assert "Riverside Labour" in page and "offline-copy.zip" not in page  # not in itself
    assert any(n.startswith("riverside-labour/downloads/motions/") for n in names)
    assert not [n for n in names if "/." in n]  # no hidden file (the site's marker)
    pages = {p: p.read_bytes() for p in site.rglob("*.html") if p != site / "index.html"}
    plain = runner.invoke(main, ["build", "-f", str(library / "mkdocs.yml")])
    assert plain.exit_code == 0 and "offline-copy" not in (site / "index.html").read_text()
    assert pages and all(p.read_bytes() == data for p, data in pages.items())  # the same site


def counted(function, calls: list):
    def wrapper(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return wrapper
