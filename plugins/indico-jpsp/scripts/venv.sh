#!/usr/bin/env bash
# Build (once) the Python virtualenv with Indico 3.2.9, the test tools and this plugin (editable).
# Cached in plugins/indico-jpsp/.venv; rebuilt when the pinned requirements below change.
set -euo pipefail

plugin_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$plugin_dir/.venv"
requirements=("setuptools<81" "wheel==0.40.0" "indico==3.2.9" "pytest==7.3.1" "pytest-mock==3.10.0" "freezegun==1.2.2")
stamp_value="${requirements[*]}"

python_bin=${JPSP_PYTHON:-}
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python_bin=$candidate; break; fi
  done
fi
if ! "$python_bin" -c 'import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] < (3, 12) else 1)'; then
  echo "venv.sh: Indico 3.2.9 needs Python 3.9-3.11; $python_bin is $("$python_bin" --version 2>&1)" >&2
  exit 1
fi

if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.jpsp-requirements" 2>/dev/null)" != "$stamp_value" ]; then
  rm -rf "$venv"
  "$python_bin" -m venv "$venv"
  "$venv/bin/pip" install --quiet "${requirements[@]}"
  printf '%s' "$stamp_value" >"$venv/.jpsp-requirements"
fi

# -I and cwd=/: neither the current directory nor an egg-info left in the source tree may fake it
if ! (cd / && "$venv/bin/python" -I - "$plugin_dir") <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import entry_points
from pathlib import Path

import indico_jpsp

(ep,) = [ep for ep in entry_points(group='indico.plugins') if ep.name == 'jpsp']
assert Path(indico_jpsp.__file__).resolve().parent == Path(sys.argv[1]) / 'indico_jpsp'
PY
then
  "$venv/bin/pip" install --quiet --no-deps --no-build-isolation -e "$plugin_dir"
fi
