#!/usr/bin/env bash
# Installs the tools the deploy module's checks use, when missing (idempotent):
#   kubectl (Debian kubernetes-client: renders k8s/ with its built-in kustomize)
#   promtool (Debian prometheus: checks and unit-tests the alert rules)
#   chromium + chromedriver (Debian chromium, chromium-driver: the page tests' real browser)
# Called from .ci/run before the Maven build; safe to run on a developer machine (root or sudo).
set -euo pipefail

missing=()
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)

if ((${#missing[@]} == 0)); then
  echo "[ci-tools] kubectl, promtool, chromium and chromedriver present"
  exit 0
fi

SUDO=""
if [[ "$(id -u)" != "0" ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "[ci-tools] need root or sudo to install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

echo "[ci-tools] installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# --no-install-recommends: promtool only, not the rest of the Prometheus stack's extras.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

# The Debian prometheus package may start a server where an init system runs; the checks need
# only promtool, so stop it again when that happened.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  $SUDO systemctl stop prometheus || true
  $SUDO systemctl disable prometheus >/dev/null 2>&1 || true
fi

command -v kubectl >/dev/null 2>&1 || { echo "[ci-tools] kubectl still missing" >&2; exit 1; }
command -v promtool >/dev/null 2>&1 || { echo "[ci-tools] promtool still missing" >&2; exit 1; }
[[ -x /usr/bin/chromedriver ]] || { echo "[ci-tools] chromedriver still missing" >&2; exit 1; }
echo "[ci-tools] ready: $(kubectl version --client 2>/dev/null | head -n1); $(promtool --version 2>&1 | head -n1)"
