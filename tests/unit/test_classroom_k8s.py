"""The class server's Kubernetes files (classroom/k8s/), checked offline.

The Helm values against the vendored values schema of Zero to JupyterHub 4.4.0 (as
``helm install`` would), the image recipe against the repository, and the capacity
figures the values claim against the one-machine benchmark in docs/classroom.md.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "classroom" / "k8s"
sys.path.insert(0, str(K8S))

import validate  # noqa: E402


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((K8S / "values.yaml").read_text())


def test_values_match_the_chart_schema(values):
    assert validate.problems_in_values(values) == []
    assert validate.problems_in_ngshare(yaml.safe_load((K8S / "ngshare-values.yaml").read_text())) == []
    assert validate.main() == 0


def test_the_schema_check_catches_mistakes(values):
    bad = copy.deepcopy(values)
    bad["singleuser"]["memory"]["limitt"] = "1G"       # a typo
    bad["cull"]["timeout"] = "one hour"                # a wrong type
    bad["singleuser"]["cmd"] = ["python", "/opt/crmlab/src/classroom/no_such_file.py"]
    found = "\n".join(validate.problems_in_values(bad))
    assert "limitt" in found and "cull.timeout" in found and "no_such_file.py" in found
    assert validate.problems_in_ngshare({"ngshare": {"admin": ["x"]}}) == ["ngshare-values.yaml: unknown key ngshare.admin"]


def test_values_cover_the_class_server(values):
    """ngshare, per-user storage, culling, limits, the roles' settings, no Internet from student pods."""
    hub, single = values["hub"], values["singleuser"]
    assert hub["services"]["ngshare"]["url"].startswith("http://ngshare:")
    assert single["extraEnv"]["CRMLAB_NGSHARE_URL"].endswith("/services/ngshare")
    assert single["storage"]["type"] == "dynamic" and single["storage"]["capacity"]
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    assert single["memory"]["limit"] and single["cpu"]["limit"]
    assert hub["config"]["JupyterHub"]["admin_access"] is False
    assert single["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False
    code = hub["extraConfig"]["crmlab.py"]
    for role in ("instructor", "student"):
        assert f"{{SETTINGS}}/{role}" in code and (ROOT / "classroom" / "jupyter" / role / "nbgrader_config.py").is_file()
    assert "--ServerApp.terminals_enabled=False" in code
    roster = single["extraFiles"]["roster"]["stringData"]
    ids = [line.split(",")[0] for line in roster.strip().splitlines()[1:]]
    assert set(hub["config"]["Authenticator"]["allowed_users"]) == set(ids)


def test_image_recipe(values):
    docker = (K8S / "Dockerfile").read_text()
    assert "ngshare-exchange==0.5.3" in docker and "[lab,instructor,classroom]" in docker
    assert re.search(r"^USER 1000$", docker, re.M), "the image must not run as root"
    assert "chmod -R a+rX,go-w /opt/crmlab" in docker, "the environment must be read-only to the user"
    assert values["singleuser"]["uid"] == 1000
    assert (K8S / "Dockerfile.dockerignore").read_text().count(".venv")
    # the vendored schema comes with its licence and provenance
    vendor = K8S / "vendor" / "z2jh-4.4.0"
    assert "BSD 3-Clause" in (vendor / "LICENSE").read_text()
    assert "4.4.0" in (vendor / "README.md").read_text()


def test_capacity_in_the_docs_follows_the_values(values):
    """docs/classroom.md derives students per node from the measured memory per student and these limits."""
    docs = (ROOT / "docs" / "classroom.md").read_text()
    assert "singleuser.memory" in docs and str(values["singleuser"]["memory"]["guarantee"]) in docs
