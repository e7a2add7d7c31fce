#!/usr/bin/env python3
"""Writes the API server answers that the live-cluster tests serve, from manifest files.

    record.py SOURCE_FOLDER OUT_FOLDER [PAGE_SIZE]

Each kind the live reader lists becomes the answer of its list URL, as the API server gives it: a typed list
(PodList, ...) whose items carry no kind or apiVersion, cut into pages of PAGE_SIZE items chained by
`metadata.continue` tokens. OUT_FOLDER/<url path>/<token>.json, the first page under 'first.json'.
The answers are checked in; this script is how they were made, nothing runs it during the tests.
"""
import json, os, sys, yaml

ROUTES = {
    "Namespace": ("api/v1/namespaces", "v1"),
    "Pod": ("api/v1/pods", "v1"),
    "ReplicationController": ("api/v1/replicationcontrollers", "v1"),
    "Deployment": ("apis/apps/v1/deployments", "apps/v1"),
    "ReplicaSet": ("apis/apps/v1/replicasets", "apps/v1"),
    "StatefulSet": ("apis/apps/v1/statefulsets", "apps/v1"),
    "DaemonSet": ("apis/apps/v1/daemonsets", "apps/v1"),
    "Job": ("apis/batch/v1/jobs", "batch/v1"),
    "CronJob": ("apis/batch/v1/cronjobs", "batch/v1"),
    "NetworkPolicy": ("apis/networking.k8s.io/v1/networkpolicies", "networking.k8s.io/v1"),
    "Service": ("api/v1/services", "v1"),
    "AuthorizationPolicy": ("apis/security.istio.io/v1/authorizationpolicies", "security.istio.io/v1"),
    "PeerAuthentication": ("apis/security.istio.io/v1/peerauthentications", "security.istio.io/v1"),
}

# Custom resources a cluster may not have installed: recorded only when the source holds some (else 404, as a
# cluster without Istio answers).
OPTIONAL = {"AuthorizationPolicy", "PeerAuthentication"}

def documents(folder):
    for root, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml", ".json")):
                continue
            with open(os.path.join(root, name)) as f:
                for doc in yaml.safe_load_all(f):
                    if not doc:
                        continue
                    if doc.get("kind", "").endswith("List"):
                        item_kind = doc["kind"][: -len("List")]
                        for item in doc.get("items", []):
                            yield item.get("kind", item_kind), item
                    else:
                        yield doc["kind"], doc

def main(source, out, page_size=2):
    by_kind = {}
    for uid, (kind, obj) in enumerate(documents(source)):
        if kind not in ROUTES:
            continue
        item = {k: v for k, v in obj.items() if k not in ("kind", "apiVersion")}
        meta = item.setdefault("metadata", {})
        if kind != "Namespace":
            meta.setdefault("namespace", "default")
        meta.setdefault("uid", f"00000000-0000-0000-0000-{uid:012d}")
        meta.setdefault("resourceVersion", str(1000 + uid))
        by_kind.setdefault(kind, []).append(item)
    for kind, (path, api_version) in ROUTES.items():
        items = by_kind.get(kind, [])
        if kind in OPTIONAL and not items:
            continue
        pages = [items[i : i + page_size] for i in range(0, len(items), page_size)] or [[]]
        folder = os.path.join(out, path)
        os.makedirs(folder, exist_ok=True)
        for n, page in enumerate(pages):
            meta = {"resourceVersion": "5000"}
            if n + 1 < len(pages):
                meta["continue"] = f"page-{n + 2}"
            answer = {"kind": f"{kind}List", "apiVersion": api_version, "metadata": meta, "items": page}
            name = "first" if n == 0 else f"page-{n + 1}"
            with open(os.path.join(folder, f"{name}.json"), "w") as f:
                json.dump(answer, f, indent=2)
                f.write("\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2)
