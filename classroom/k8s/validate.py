"""Check the Kubernetes files of the class server offline (no cluster, no helm).

    python classroom/k8s/validate.py

- ``values.yaml``, merged onto the chart's own defaults as Helm merges them, against the
  values schema of the Zero to JupyterHub chart it is written for (both vendored in
  ``vendor/z2jh-4.4.0/``): the check ``helm install`` does first;
- the Python of ``hub.extraConfig`` compiles; the user command and the role settings it
  names exist in this repository (where the image copies it to ``/opt/crmlab/src``);
- ``ngshare-values.yaml`` only sets keys that ngshare's chart knows.

Exits 1 and prints each problem when something is wrong.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
SCHEMA = HERE / "vendor" / "z2jh-4.4.0" / "values.schema.json"
DEFAULTS = HERE / "vendor" / "z2jh-4.4.0" / "values.yaml"
IMAGE_SRC = "/opt/crmlab/src/"
# ngshare's chart (helmchart/ngshare/values.yaml of LibreTexts/ngshare): its top-level keys
# and the ones of its "ngshare", "pvc" and "deployment" sections.
NGSHARE_KEYS = {
    "nameOverride": None, "fullnameOverride": None, "image": None, "ingress": None,
    "ngshare": {"admins", "hub_api_url", "hub_base_url", "hub_api_token", "debug", "upgrade_db",
                "oauth_client_id", "env", "args"},
    "pvc": {"storage", "storageClassName", "annotations", "existingClaim"},
    "deployment": {"replicaCount", "strategy", "port", "fsGroup", "resources", "selectorLabels", "nodeSelector",
                   "tolerations", "affinity", "initContainers"},
}


def helm_merge(defaults, values):
    """Helm's coalescing of user values onto the chart's: maps merge, null removes a key, the rest replaces."""
    if not (isinstance(defaults, dict) and isinstance(values, dict)):
        return values
    out = dict(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = helm_merge(defaults.get(key), value)
    return out


def problems_in_values(values: dict) -> list[str]:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    merged = helm_merge(yaml.safe_load(DEFAULTS.read_text()), values)
    validator = jsonschema.Draft7Validator(schema)
    out = [f"values.yaml: {'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
           for e in sorted(validator.iter_errors(merged), key=lambda e: list(map(str, e.absolute_path)))]
    for name, code in (values.get("hub", {}).get("extraConfig") or {}).items():
        try:
            compile(code, f"hub.extraConfig.{name}", "exec")
        except SyntaxError as err:
            out.append(f"values.yaml: hub.extraConfig.{name}: {err}")
    for ref in sorted(set(re.findall(re.escape(IMAGE_SRC) + r"([\w./-]+\w)", yaml.safe_dump(values, width=1000)))):
        if not (PROJECT / ref).exists():
            out.append(f"values.yaml: {IMAGE_SRC}{ref} is not in the repository")
    return out


def problems_in_ngshare(values: dict) -> list[str]:
    out = []
    for key, sub in values.items():
        if key not in NGSHARE_KEYS:
            out.append(f"ngshare-values.yaml: unknown key {key!r}")
        elif NGSHARE_KEYS[key] is not None and isinstance(sub, dict):
            out += [f"ngshare-values.yaml: unknown key {key}.{k}" for k in sub if k not in NGSHARE_KEYS[key]]
    return out


def main() -> int:
    values = yaml.safe_load((HERE / "values.yaml").read_text())
    problems = problems_in_values(values) + problems_in_ngshare(yaml.safe_load((HERE / "ngshare-values.yaml")
                                                                               .read_text()))
    for p in problems:
        print(p)
    if not problems:
        print("values.yaml matches the Zero to JupyterHub 4.4.0 schema; ngshare-values.yaml uses known keys")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
